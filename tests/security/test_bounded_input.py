"""Every money, hours and count field has a maximum a library could really need.

The case from the issue: a wage of 10**12 saved, and every budget page and API call of that
library answered 500 from then on. Now the page form, the API and the service refuse it with
"at most …", and a model saved by any other path is refused before the database.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ladder.core import limits
from ladder.core.limits import written
from ladder.learning.models import Offering, Session, TrainingRecord
from ladder.openings import budgets
from ladder.openings.models import EmploymentPay, LibraryBudget
from ladder.orgs.models import Branch, Library, Membership
from ladder.people.models import Employment
from ladder.tuition.models import Claim, Programme, ProgrammeBudget
from tests.api.conftest import ApiClient, token_for
from tests.conftest import login

HUGE_WAGE = "1000000000000"  # 10**12


@pytest.fixture
def bobs_job(world) -> Employment:
    return Employment.objects.get(person=world.bob)


@pytest.fixture
def budget(world) -> LibraryBudget:
    return budgets.budget_set(
        by=world.alice,
        library=world.riverside,
        fiscal_year=2026,
        salaries=Decimal("500000"),
        benefits=Decimal("100000"),
        total_operating=Decimal("1000000"),
    )


# --- the wage of 10**12: service, page, API ---------------------------------------------------


def test_service_refuses_a_wage_of_ten_to_the_twelfth(world, bobs_job):
    with pytest.raises(ValidationError) as raised:
        budgets.pay_set(by=world.alice, employment=bobs_job, hourly_wage=Decimal(HUGE_WAGE))
    assert "at most 1,000.00" in " ".join(raised.value.message_dict["hourly_wage"])
    assert not EmploymentPay.objects.exists()


def test_service_takes_the_largest_wage_and_refuses_a_cent_more(world, bobs_job):
    pay = budgets.pay_set(by=world.alice, employment=bobs_job, hourly_wage=Decimal("1000.00"))
    assert pay.hourly_wage == Decimal("1000.00")
    with pytest.raises(ValidationError):
        budgets.pay_set(by=world.alice, employment=bobs_job, hourly_wage=Decimal("1000.01"))


def test_pay_page_refuses_the_wage_on_its_field_and_the_budget_page_still_opens(
    world, bobs_job, budget
):
    client = login(world.alice)
    response = client.post(
        reverse("openings:pay", args=[bobs_job.pk]),
        {"hourly_wage": HUGE_WAGE, "annual_benefits": "0"},
    )
    assert response.status_code == 200
    assert "Enter at most 1,000.00." in response.content.decode()
    assert response.context["form"].errors["hourly_wage"] == ["Enter at most 1,000.00."]
    assert not EmploymentPay.objects.exists()
    page = client.get(reverse("openings:budget") + f"?library={world.riverside.pk}")
    assert page.status_code == 200


def test_api_refuses_the_wage_naming_the_field(world, bobs_job, budget):
    api = ApiClient(token_for(world.alice))
    response = api.put(f"employments/{bobs_job.pk}/pay", {"hourly_wage": HUGE_WAGE})
    assert response.status_code == 422, response.content
    fields = response.json()["error"]["fields"]
    assert fields["hourly_wage"] == ["Enter at most 1,000.00."]
    assert api.get(f"libraries/{world.riverside.pk}/budget").status_code == 200
    ok = api.put(f"employments/{bobs_job.pk}/pay", {"hourly_wage": "1000.00"})
    assert ok.status_code == 200, ok.content


def test_a_model_saved_by_another_path_is_refused_before_the_database(bobs_job):
    with pytest.raises(ValidationError) as raised:
        EmploymentPay.objects.create(employment=bobs_job, hourly_wage=Decimal(HUGE_WAGE))
    assert "hourly_wage" in raised.value.message_dict
    assert not EmploymentPay.objects.exists()


def test_a_decimal_wider_than_its_column_is_a_field_error_not_a_database_error(world):
    # LibraryBudget.threshold_percent has max_digits=5: 10**6 cannot be stored anywhere.
    budget = LibraryBudget(
        library=world.riverside,
        fiscal_year=2025,
        salaries=1,
        benefits=1,
        total_operating=1,
        threshold_percent=Decimal("1000000"),
    )
    with pytest.raises(ValidationError) as raised:
        budget.save()
    assert "threshold_percent" in raised.value.message_dict


def test_a_large_wage_stored_before_the_limits_still_gives_budget_figures(world, bobs_job, budget):
    # Within the column (max_digits=8) but above today's limit: saved before the limits.
    EmploymentPay.objects.create(employment=bobs_job, hourly_wage=Decimal("10"))
    EmploymentPay.objects.filter(employment=bobs_job).update(hourly_wage=Decimal("999999.99"))
    client = login(world.alice)
    page = client.get(reverse("openings:budget") + f"?library={world.riverside.pk}")
    assert page.status_code == 200
    api = ApiClient(token_for(world.alice))
    assert api.get(f"libraries/{world.riverside.pk}/budget").status_code == 200


# --- budgets and what-ifs -----------------------------------------------------------------------


def test_budget_takes_ten_to_the_tenth_and_refuses_more(world):
    saved = budgets.budget_set(
        by=world.alice,
        library=world.riverside,
        fiscal_year=2026,
        salaries=limits.BUDGET_MAX,
        benefits=0,
        total_operating=limits.BUDGET_MAX,
    )
    assert saved.total_operating == limits.BUDGET_MAX
    with pytest.raises(ValidationError) as raised:
        budgets.budget_set(
            by=world.alice,
            library=world.riverside,
            fiscal_year=2026,
            total_operating=limits.BUDGET_MAX + Decimal("0.01"),
        )
    assert "at most 10,000,000,000.00" in raised.value.message_dict["total_operating"][0]


def test_budget_page_form_refuses_a_budget_over_the_limit(world, budget):
    client = login(world.alice)
    response = client.post(
        reverse("openings:budget") + f"?library={world.riverside.pk}",
        {
            "action": "budget",
            "fiscal_year": "2026",
            "salaries": "1e12",
            "benefits": "0",
            "total_operating": "1000000",
            "threshold_percent": "65",
        },
    )
    assert response.status_code == 200
    assert response.context["budget_form"].errors["salaries"] == [
        "Enter at most 10,000,000,000.00."
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"kind": "add_post", "hours": 20, "hourly_wage": 1000.01}, "at most 1,000.00"),
        ({"kind": "add_post", "hours": 169, "hourly_wage": 20}, "at most 168"),
        ({"kind": "income_change", "percent": 1001}, "at most 1,000"),
        ({"kind": "full_time", "employment_id": "x"}, "choose a post"),
    ],
)
def test_what_if_changes_are_bounded(world, budget, change, message):
    with pytest.raises(ValidationError) as raised:
        budgets.evaluate(budget, [change])
    assert message in " ".join(raised.value.messages)


def test_what_if_takes_the_largest_values(world, budget):
    _, after = budgets.evaluate(
        budget,
        [
            {"kind": "add_post", "hours": 168, "hourly_wage": 1000},
            {"kind": "income_change", "percent": 1000},
        ],
    )
    assert after.wages > 0


def test_what_if_api_refuses_an_out_of_range_change_by_field(world, budget):
    api = ApiClient(token_for(world.alice))
    response = api.post(
        f"libraries/{world.riverside.pk}/budget/what-if",
        {"changes": [{"kind": "add_post", "hours": 20, "hourly_wage": 1e12}]},
    )
    assert response.status_code == 422, response.content
    assert response.json()["error"]["fields"]["changes.0.hourly_wage"] == [
        "Enter at most 1,000.00."
    ]


# --- every bounded field: the maximum passes, one step more is refused ------------------------

BOUNDED = [
    (EmploymentPay, "hourly_wage", limits.HOURLY_WAGE_MAX, Decimal("0.01")),
    (EmploymentPay, "annual_benefits", limits.ANNUAL_PAY_MAX, Decimal("0.01")),
    (LibraryBudget, "salaries", limits.BUDGET_MAX, Decimal("0.01")),
    (LibraryBudget, "benefits", limits.BUDGET_MAX, Decimal("0.01")),
    (LibraryBudget, "total_operating", limits.BUDGET_MAX, Decimal("0.01")),
    (Offering, "fee", limits.FEE_MAX, Decimal("0.01")),
    (Offering, "ce_hours", limits.TRAINING_HOURS_MAX - Decimal("0.01"), None),
    (Session, "capacity", limits.CAPACITY_MAX, 1),
    (TrainingRecord, "hours", limits.TRAINING_HOURS_MAX, Decimal("0.01")),
    (Library, "population_served", limits.POPULATION_MAX, 1),
    (Branch, "square_feet", limits.SQUARE_FEET_MAX, 1),
    (Membership, "annual_fee", limits.MEMBERSHIP_FEE_MAX, Decimal("0.01")),
    (Programme, "cap_per_year", limits.TUITION_CAP_MAX, Decimal("0.01")),
    (Programme, "service_months", limits.MONTHS_MAX, 1),
    (ProgrammeBudget, "amount", limits.FUND_MAX, Decimal("0.01")),
    (Claim, "tuition_cost", limits.FEE_MAX, Decimal("0.01")),
    (Claim, "credits", limits.CREDITS_MAX, Decimal("0.1")),
    (Claim, "reimbursement", limits.ANNUAL_PAY_MAX, Decimal("0.01")),
]


@pytest.mark.parametrize(
    ("model", "name", "highest", "step"),
    BOUNDED,
    ids=[f"{m.__name__}.{n}" for m, n, _, _ in BOUNDED],
)
def test_field_takes_its_maximum_and_refuses_one_step_more(model, name, highest, step):
    field = model._meta.get_field(name)
    field.clean(highest, None)
    if step is None:  # bounded by its column: the next value does not fit
        with pytest.raises(ValidationError):
            field.clean(highest + Decimal("0.01"), None)
        return
    with pytest.raises(ValidationError) as raised:
        field.clean(highest + step, None)
    assert any(f"at most {written(highest)}" in m for m in raised.value.messages)


def test_limits_are_written_for_people():
    assert written(Decimal("1000000.00")) == "1,000,000.00"
    assert written(10_000) == "10,000"
    assert limits.at_most(limits.HOURLY_WAGE_MAX).message == "Enter at most 1,000.00."


def test_a_value_stored_before_the_limits_does_not_block_saving_other_fields(world):
    Library.objects.filter(pk=world.riverside.pk).update(
        population_served=limits.POPULATION_MAX + 1
    )
    library = Library.objects.get(pk=world.riverside.pk)
    library.name = "Riverside Library"
    library.save(update_fields=["name"])
    with pytest.raises(ValidationError):
        library.save()
