"""The sponsor's pages: create a programme, edit it, set its budget per fiscal year; the
service's rules shown on the named fields; only the sponsor's admins (and the site admin)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ladder.core.models import AuditEntry
from ladder.tuition import claims
from ladder.tuition.models import Programme, ProgrammeBudget
from tests.tuition.conftest import enrolled, submit

NEW = reverse("tuition:programme_new")


def edit_url(programme: Programme) -> str:
    return reverse("tuition:programme_edit", args=[programme.pk])


def budget_url(programme: Programme) -> str:
    return reverse("tuition:programme_budget", args=[programme.pk])


def programme_data(world, **overrides) -> dict:
    data = {
        "name": "Riverside Grows Librarians",
        "description": "Tuition for our assistants' degrees.",
        "is_active": "on",
        "libraries": [world.riverside.pk],
        "eligible_job_classes": [world.assistant.pk, world.page.pk],
        "min_tenure_months": "6",
        "degree_levels": ["30", "50"],
        "covers_tuition": "on",
        "covers_books": "on",
        "reimbursement_percent": "75",
        "cap_per_year": "4000",
        "cap_lifetime": "10000",
        "min_grade": "B-",
        "service_months": "18",
        "repayment": Programme.Repayment.FULL,
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


# --- create ---------------------------------------------------------------------------------


def test_a_library_admin_creates_a_programme_for_their_library(world, client_for):
    client = client_for(world.alice)
    page = client.get(NEW)
    assert page.status_code == 200
    # Only the libraries alice administers can sponsor.
    assert list(page.context["form"].fields["sponsor"].queryset) == [world.riverside]
    response = client.post(NEW, programme_data(world, sponsor=world.riverside.pk))
    programme = Programme.objects.get()
    assert response.status_code == 302
    assert response.url == budget_url(programme)
    assert programme.sponsor == world.riverside
    assert programme.name == "Riverside Grows Librarians"
    assert programme.min_tenure_months == 6
    assert programme.degree_levels == "30,50"
    assert (programme.covers_tuition, programme.covers_fees, programme.covers_books) == (
        True,
        False,
        True,
    )
    assert programme.reimbursement_percent == Decimal("75")
    assert programme.cap_per_year == Decimal("4000")
    assert programme.cap_lifetime == Decimal("10000")
    assert programme.min_grade == "B-"
    assert programme.service_months == 18
    assert programme.repayment == Programme.Repayment.FULL
    assert programme.is_active
    assert list(programme.libraries.all()) == [world.riverside]
    assert set(programme.eligible_job_classes.all()) == {world.assistant, world.page}
    entry = AuditEntry.objects.get(action="tuition.programme.created")
    assert entry.actor == world.alice and entry.object_id == str(programme.pk)


def test_the_state_library_sponsors_for_other_libraries(world, grow, client_for):
    data = programme_data(
        world,
        name="Statewide MLS",
        sponsor=grow.state.pk,
        libraries=[world.riverside.pk, world.hillcrest.pk],
        eligible_job_classes=[],
    )
    response = client_for(grow.stella).post(NEW, data)
    assert response.status_code == 302
    programme = Programme.objects.get(name="Statewide MLS")
    assert programme.sponsor == grow.state
    assert set(programme.libraries.all()) == {world.riverside, world.hillcrest}
    assert not programme.eligible_job_classes.exists()


def test_an_admin_cannot_sponsor_for_another_library(world, client_for):
    response = client_for(world.alice).post(NEW, programme_data(world, sponsor=world.hillcrest.pk))
    assert response.status_code == 200
    assert "sponsor" in response.context["form"].errors
    assert not Programme.objects.exists()


def test_site_admin_may_sponsor_for_any_library(world, client_for):
    page = client_for(world.root).get(NEW)
    assert set(page.context["form"].fields["sponsor"].queryset) >= {
        world.riverside,
        world.hillcrest,
    }
    response = client_for(world.root).post(NEW, programme_data(world, sponsor=world.hillcrest.pk))
    assert response.status_code == 302
    assert Programme.objects.get().sponsor == world.hillcrest


def test_the_form_requires_a_degree_and_participating_libraries(world, client_for):
    data = programme_data(world, sponsor=world.riverside.pk, degree_levels=None, libraries=None)
    response = client_for(world.alice).post(NEW, data)
    errors = response.context["form"].errors
    assert errors["degree_levels"] == ["Choose at least one degree."]
    assert "libraries" in errors
    assert not Programme.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"cap_per_year": "5000", "cap_lifetime": "3000"},
            "cap_lifetime",
            "The lifetime cap cannot be below the cap per fiscal year.",
        ),
        (
            {"cap_per_term": "6000", "cap_per_year": "5000"},
            "cap_per_term",
            "The cap per term cannot be more than the cap per fiscal year.",
        ),
        ({"reimbursement_percent": "150"}, "reimbursement_percent", "less than or equal to 100"),
        ({"cap_per_year": "-1"}, "cap_per_year", "greater than or equal to 0"),
        ({"min_tenure_months": "-3"}, "min_tenure_months", "greater than or equal to 0"),
        ({"service_months": "-1"}, "service_months", "greater than or equal to 0"),
    ],
)
def test_service_rules_show_on_the_named_field(world, client_for, overrides, field, message):
    data = programme_data(world, sponsor=world.riverside.pk, **overrides)
    response = client_for(world.alice).post(NEW, data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field]), errors
    assert message in response.content.decode()
    assert not Programme.objects.exists()


# --- edit -----------------------------------------------------------------------------------


def test_the_sponsor_admin_edits_every_rule(world, grow, client_for):
    client = client_for(grow.stella)
    page = client.get(edit_url(grow.programme))
    assert page.status_code == 200
    form = page.context["form"]
    assert "sponsor" not in form.fields  # the sponsor of a programme does not change
    assert form.initial["degree_levels"] == ["30", "50"]
    assert form.initial["libraries"] == [world.riverside.pk]
    data = programme_data(
        world,
        name="Grow Your Own (2026)",
        libraries=[world.riverside.pk, world.hillcrest.pk],
        eligible_job_classes=[world.assistant.pk],
        degree_levels=["50"],
        reimbursement_percent="90",
        is_active=None,
    )
    response = client.post(edit_url(grow.programme), data)
    assert response.status_code == 302 and response.url == grow.programme.get_absolute_url()
    programme = Programme.objects.get(pk=grow.programme.pk)
    assert programme.name == "Grow Your Own (2026)"
    assert programme.sponsor == grow.state
    assert programme.degree_levels == "50"
    assert programme.reimbursement_percent == Decimal("90")
    assert not programme.is_active
    assert set(programme.libraries.all()) == {world.riverside, world.hillcrest}
    entry = AuditEntry.objects.get(action="tuition.programme.updated")
    assert entry.actor == grow.stella
    assert "reimbursement_percent" in entry.changes


def test_an_invalid_edit_changes_nothing(world, grow, client_for):
    data = programme_data(world, cap_per_year="9000", cap_lifetime="1000", name="Changed")
    response = client_for(grow.stella).post(edit_url(grow.programme), data)
    assert response.status_code == 200
    assert "cap_lifetime" in response.context["form"].errors
    programme = Programme.objects.get(pk=grow.programme.pk)
    assert programme.name == "Grow Your Own Librarians"
    assert programme.cap_per_year == Decimal("5000")
    assert not AuditEntry.objects.filter(action="tuition.programme.updated").exists()


# --- budget ---------------------------------------------------------------------------------


def test_the_sponsor_admin_sets_a_budget_for_next_year(world, grow, client_for):
    client = client_for(grow.stella)
    page = client.get(budget_url(grow.programme))
    assert page.status_code == 200
    body = page.content.decode()
    # The State Library's fiscal year starts in July: labelled like FY2025-26.
    label = f"FY{grow.fiscal_year}–{(grow.fiscal_year + 1) % 100:02d}"
    assert label in body and "starts in July" in body
    year = grow.fiscal_year + 1
    response = client.post(budget_url(grow.programme), {"fiscal_year": year, "amount": "30000"})
    assert response.status_code == 302 and response.url == grow.programme.get_absolute_url()
    assert ProgrammeBudget.objects.get(programme=grow.programme, fiscal_year=year).amount == (
        Decimal("30000")
    )
    # Setting it again updates the same row.
    client.post(budget_url(grow.programme), {"fiscal_year": year, "amount": "25000.50"})
    assert ProgrammeBudget.objects.filter(programme=grow.programme).count() == 2
    assert ProgrammeBudget.objects.get(programme=grow.programme, fiscal_year=year).amount == (
        Decimal("25000.50")
    )
    assert AuditEntry.objects.filter(action="tuition.budget.set").count() == 2


def test_budget_page_shows_what_is_committed_and_refuses_a_budget_below_it(world, grow, client_for):
    claim = submit(enrolled(world, grow), tuition="2000")
    claims.claim_approve(by=grow.stella, claim=claim)  # 80 % of $2,000 committed
    client = client_for(grow.stella)
    page = client.get(budget_url(grow.programme) + f"?year={grow.fiscal_year}")
    assert "$1,600.00" in page.content.decode()
    assert page.context["selected_committed"] == Decimal("1600.00")
    response = client.post(
        budget_url(grow.programme), {"fiscal_year": grow.fiscal_year, "amount": "1000"}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["amount"]
    assert "already committed $1,600.00" in errors[0]
    budget = ProgrammeBudget.objects.get(programme=grow.programme, fiscal_year=grow.fiscal_year)
    assert budget.amount == Decimal("20000")
    # Exactly what is committed is allowed.
    response = client.post(
        budget_url(grow.programme), {"fiscal_year": grow.fiscal_year, "amount": "1600"}
    )
    assert response.status_code == 302
    budget.refresh_from_db()
    assert budget.amount == Decimal("1600")


def test_a_negative_budget_is_refused_on_the_amount(world, grow, client_for):
    response = client_for(grow.stella).post(
        budget_url(grow.programme), {"fiscal_year": grow.fiscal_year + 1, "amount": "-5"}
    )
    assert response.context["form"].errors["amount"] == ["A budget cannot be negative."]
    assert not ProgrammeBudget.objects.filter(fiscal_year=grow.fiscal_year + 1).exists()


def test_a_year_outside_the_offered_ones_is_refused(world, grow, client_for):
    response = client_for(grow.stella).post(
        budget_url(grow.programme), {"fiscal_year": 1990, "amount": "100"}
    )
    assert "fiscal_year" in response.context["form"].errors
    assert not ProgrammeBudget.objects.filter(fiscal_year=1990).exists()


def test_budget_page_queries_do_not_grow_with_years_and_claims(world, grow, client_for):
    client = client_for(grow.stella)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(budget_url(grow.programme)).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for year in range(2000, 2030):
        ProgrammeBudget.objects.get_or_create(
            programme=grow.programme, fiscal_year=year, defaults={"amount": Decimal("100")}
        )
    assert count() == few


# --- links and permissions ------------------------------------------------------------------


def test_links_show_for_those_who_may_use_them(world, grow, client_for):
    listing = client_for(world.alice).get(reverse("tuition:programme_list")).content.decode()
    assert NEW in listing and "New programme" in listing
    detail = reverse("tuition:programme_detail", args=[grow.programme.pk])
    as_sponsor = client_for(grow.stella).get(detail).content.decode()
    assert edit_url(grow.programme) in as_sponsor and budget_url(grow.programme) in as_sponsor
    # alice's library participates: she sees the dashboard but may not change the programme.
    as_participant = client_for(world.alice).get(detail).content.decode()
    assert edit_url(grow.programme) not in as_participant
    assert budget_url(grow.programme) not in as_participant


@pytest.mark.parametrize("who", ["bob", "sam", "dave", "nina"])
def test_only_library_admins_create_programmes(world, client_for, who):
    person = getattr(world, who)
    assert client_for(person).get(NEW).status_code == 403
    data = programme_data(world, sponsor=world.riverside.pk)
    assert client_for(person).post(NEW, data).status_code == 403
    assert not Programme.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("alice", 403),  # admin of a participating library: sees it, may not change it
        ("bob", 403),  # staff of a participating library (may apply): sees it
        ("tina", 403),
        ("carol", 404),  # another library's admin
        ("dave", 404),  # another library's staff
        ("nina", 404),  # the network coordinator
    ],
)
def test_only_the_sponsor_admins_edit_or_budget(world, grow, client_for, who, status):
    person = grow.tina if who == "tina" else getattr(world, who)
    client = client_for(person)
    before = Programme.objects.get(pk=grow.programme.pk)
    for url in (edit_url(grow.programme), budget_url(grow.programme)):
        assert client.get(url).status_code == status, url
    assert client.post(edit_url(grow.programme), programme_data(world)).status_code == status
    response = client.post(
        budget_url(grow.programme), {"fiscal_year": grow.fiscal_year, "amount": "1"}
    )
    assert response.status_code == status
    after = Programme.objects.get(pk=grow.programme.pk)
    assert after.name == before.name == "Grow Your Own Librarians"
    budget = ProgrammeBudget.objects.get(programme=grow.programme, fiscal_year=grow.fiscal_year)
    assert budget.amount == Decimal("20000")


def test_site_admin_edits_and_budgets_any_programme(world, grow, client_for):
    client = client_for(world.root)
    assert client.get(edit_url(grow.programme)).status_code == 200
    response = client.post(
        budget_url(grow.programme), {"fiscal_year": grow.fiscal_year, "amount": "21000"}
    )
    assert response.status_code == 302
