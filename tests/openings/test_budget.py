"""Workforce budget: arithmetic, what-ifs, negative figures refused, privacy."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ladder.openings import budgets as svc
from ladder.openings import personnel_cost as calc
from ladder.openings.models import BudgetScenario, EmploymentPay, LibraryBudget
from ladder.people.models import Employment


def _inputs(**kw):
    lines = (
        calc.PayLine(1, "Full-timer", 40, 20.0, True, 10_000),
        calc.PayLine(2, "Part-timer", 20, 15.0, False, 0),
    )
    defaults = dict(total_operating=200_000, threshold_percent=65, full_time_hours=40, lines=lines)
    defaults.update(kw)
    return calc.BudgetInputs(**defaults)


def test_personnel_cost_is_wages_plus_benefits_of_the_eligible():
    figures = calc.current(_inputs())
    assert figures.wages == 40 * 20 * 52 + 20 * 15 * 52  # 41 600 + 15 600
    assert figures.benefits == 10_000
    assert figures.personnel == 67_200
    assert figures.share_percent == pytest.approx(33.6)
    assert figures.headroom == pytest.approx(0.65 * 200_000 - 67_200)


def test_without_pay_lines_the_budget_lines_are_used():
    figures = calc.current(_inputs(lines=(), salaries=100_000, benefits=30_000))
    assert figures.personnel == 130_000 and figures.source == "budget lines"
    assert figures.share_percent == 65.0 and figures.headroom == 0


def test_budget_lines_are_the_payroll_even_when_some_posts_have_pay_lines():
    # Pay recorded for two posts must not pass for the library's whole payroll.
    figures = calc.current(_inputs(salaries=150_000, benefits=20_000))
    assert figures.personnel == 170_000 and figures.source == "budget lines"
    _, after = calc.evaluate(
        _inputs(salaries=150_000, benefits=20_000), [{"kind": "full_time", "employment_id": 2}]
    )
    assert after.personnel == pytest.approx(170_000 + 20 * 15 * 52 + 10_000)


def test_what_ifs_full_time_add_post_and_income_falling():
    before, after = calc.evaluate(
        _inputs(),
        [
            {"kind": "full_time", "employment_id": 2},
            {"kind": "add_post", "hours": 10, "hourly_wage": 12, "benefits_eligible": False},
            {"kind": "income_change", "percent": -10},
        ],
    )
    extra = 20 * 15 * 52 + 10_000 + 10 * 12 * 52  # more hours, benefits (the average), new post
    assert after.personnel == pytest.approx(before.personnel + extra)
    assert after.total_operating == pytest.approx(180_000)
    assert after.share_percent == pytest.approx(100 * after.personnel / 180_000, abs=0.01)
    assert after.headroom == pytest.approx(0.65 * 180_000 - after.personnel, abs=0.01)
    assert len(after.steps) == 3


def _three_lines():
    return _inputs(
        lines=(
            calc.PayLine(1, "Full-timer", 40, 20.0, True, 10_000),
            calc.PayLine(2, "Part-timer A", 20, 15.0, False, 0),
            calc.PayLine(3, "Part-timer B", 15, 16.0, False, 0),
        )
    )


def test_removing_a_post_takes_its_wages_and_benefits_off():
    before, after = calc.evaluate(_three_lines(), [{"kind": "remove_post", "employment_id": 1}])
    assert after.wages == pytest.approx(before.wages - 40 * 20 * 52)
    assert after.benefits == pytest.approx(before.benefits - 10_000)
    assert after.steps == ["Remove Full-timer (40 h a week): −41,600 wages, −10,000 benefits"]


def test_merging_two_part_time_posts_into_one_full_time_post():
    before, after = calc.evaluate(
        _three_lines(), [{"kind": "merge_posts", "employment_ids": [2, 3]}]
    )
    # Both leave (20 h at 15, 15 h at 16); one 40 h post at the better wage (16) with the
    # library's average benefits per eligible post (10 000) joins.
    old = 20 * 15 * 52 + 15 * 16 * 52
    assert after.wages == pytest.approx(before.wages - old + 40 * 16 * 52)
    assert after.benefits == pytest.approx(before.benefits + 10_000)
    assert "Merge Part-timer A (20 h) and Part-timer B (15 h)" in after.steps[0]


def test_a_merged_or_removed_post_cannot_change_again():
    with pytest.raises(calc.BudgetError, match="removed by an earlier change"):
        calc.evaluate(
            _three_lines(),
            [
                {"kind": "merge_posts", "employment_ids": [2, 3]},
                {"kind": "full_time", "employment_id": 2},
            ],
        )
    with pytest.raises(calc.BudgetError, match="two different posts"):
        calc.evaluate(_three_lines(), [{"kind": "merge_posts", "employment_ids": [2, 2]}])


@pytest.mark.parametrize(
    "change",
    [
        {"kind": "remove_post", "employment_id": 99},
        {"kind": "merge_posts", "employment_ids": [2]},
        {"kind": "full_time", "employment_id": 1},  # already full-time
        {"kind": "full_time", "employment_id": 99},
        {"kind": "add_post", "hours": -5, "hourly_wage": 12},
        {"kind": "income_change", "percent": -100},
        {"kind": "nonsense"},
    ],
)
def test_bad_what_ifs_are_refused(change):
    with pytest.raises(calc.BudgetError):
        calc.evaluate(_inputs(), [change])


def test_negative_figures_are_refused():
    with pytest.raises(calc.BudgetError, match="negative"):
        calc.current(_inputs(total_operating=-1))


def test_a_negative_budget_is_refused_and_nothing_saved(world):
    with pytest.raises(ValidationError) as exc:
        svc.budget_set(
            by=world.alice,
            library=world.riverside,
            fiscal_year=2024,
            salaries=-5,
            benefits=10,
            total_operating=100,
        )
    assert "salaries" in exc.value.error_dict
    assert not LibraryBudget.objects.exists()
    job = Employment.objects.get(person=world.bob)
    with pytest.raises(ValidationError):
        svc.pay_set(by=world.alice, employment=job, hourly_wage="-1")
    assert not EmploymentPay.objects.exists()


def test_budget_and_pay_are_for_the_librarys_admins_only(world):
    job = Employment.objects.get(person=world.bob)
    for outsider in (world.carol, world.nina, world.bob, world.sam):
        with pytest.raises(PermissionDenied):
            svc.pay_set(by=outsider, employment=job, hourly_wage=15)
        with pytest.raises(PermissionDenied):
            svc.budget_set(
                by=outsider,
                library=world.riverside,
                fiscal_year=2024,
                salaries=1,
                benefits=1,
                total_operating=10,
            )


def test_saved_what_if_keeps_its_figures(world):
    job = Employment.objects.get(person=world.bob)
    svc.pay_set(by=world.alice, employment=job, hourly_wage=Decimal("14"), annual_benefits=8000)
    budget = svc.budget_set(
        by=world.alice,
        library=world.riverside,
        fiscal_year=2024,
        salaries=500_000,
        benefits=100_000,
        total_operating=1_000_000,
        threshold_percent=60,
    )
    scenario = svc.budget_scenario_save(
        by=world.alice,
        budget=budget,
        name="Bob full-time",
        changes=[{"kind": "full_time", "employment_id": job.pk}],
    )
    assert BudgetScenario.objects.get() == scenario
    after = scenario.result["after"]
    # The budget's own lines, plus Bob's 15 → 35 h (Riverside's threshold) and his benefits.
    assert after["personnel"] == pytest.approx(600_000 + 14 * (35 - 15) * 52 + 8000)


def test_the_budget_page_merges_two_posts_and_its_axis_says_the_change(world, client_for):
    from django.urls import reverse

    bob = Employment.objects.get(person=world.bob)
    other = Employment.objects.create(
        person=world.dave,
        library=world.riverside,
        branch=world.riverside_main,
        job_class=bob.job_class,
        weekly_hours=Decimal("15"),
        start_date=bob.start_date,
    )
    for job in (bob, other):
        svc.pay_set(by=world.alice, employment=job, hourly_wage=Decimal("15"))
    svc.budget_set(
        by=world.alice,
        library=world.riverside,
        fiscal_year=2024,
        salaries=100_000,
        benefits=20_000,
        total_operating=400_000,
        threshold_percent=60,
    )
    url = reverse("openings:budget") + f"?library={world.riverside.pk}"
    page = client_for(world.alice).post(
        url, {"action": "whatif", "merge_first": bob.pk, "merge_second": other.pk}
    )
    assert page.status_code == 200
    chart = page.context["chart"]
    assert chart["labels"] == ["Today", "What-if"]
    assert chart["max"] < 100 and "what-if: +" in chart["title"]
    assert "Merge" in page.content.decode()
    refused = client_for(world.alice).post(
        url, {"action": "whatif", "merge_first": bob.pk, "merge_second": bob.pk}
    )
    assert "Choose two different posts." in refused.content.decode()
