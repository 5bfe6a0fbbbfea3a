"""Skills in a real browser, axe-core checked on every page: the skill profile with its chart,
a supervisor's assessment, the hat board, interests."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from ladder.skills.models import Hat, HatAssignment, HatRequirement, Interest, JobClassCompetency
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def skills_world(world, framework):
    ils = framework.competencies.get(code="ils")
    ill = framework.competencies.get(code="interlibrary-loan")
    JobClassCompetency.objects.create(job_class=world.page, competency=ils, level=1)
    JobClassCompetency.objects.create(job_class=world.librarian2, competency=ill, level=3)
    hat = Hat.objects.create(
        library=world.riverside, name="Interlibrary loan", weekly_hours=Decimal("10")
    )
    HatRequirement.objects.create(hat=hat, competency=ill, level=2)
    HatAssignment.objects.create(
        hat=hat,
        employment=world.bob.employments.get(),
        role="wearer",
        start_date=world.bob.employments.get().start_date,
    )
    interest = Interest.objects.create(person=world.bob, library_school=True)
    interest.target_job_classes.add(world.librarian2)
    return {"ils": ils, "ill": ill, "hat": hat}


def test_supervisor_assesses_a_report_and_the_profile_chart_shows_it(
    world, skills_world, checked_page
):
    page = checked_page.page
    checked_page.login(world.sam.email, PASSWORD)
    checked_page.goto(reverse("skills:rate", args=[world.bob.pk]))
    page.locator("select").first.select_option(index=3)
    page.get_by_role("button", name="Save assessment").click()
    checked_page.checked()
    checked_page.goto(reverse("skills:profile", args=[world.bob.pk]))
    # The chart draws from the same numbers as the table beside it.
    assert page.locator("canvas[role=img]").count() >= 1
    assert page.locator("table").count() >= 1
    checked_page.goto(reverse("skills:evidence_log", args=[world.bob.pk]))
    assert "Supervisor assessment" in page.content()


def test_hat_board_shows_gaps_in_words(world, skills_world, checked_page):
    page = checked_page.page
    checked_page.login(world.alice.email, PASSWORD)
    checked_page.goto(reverse("skills:hat_board", args=[world.riverside.pk]))
    body = page.content()
    assert "Interlibrary loan" in body
    assert "no backup" in body.lower()


def test_staff_make_their_interests_known_and_their_supervisor_sees_them(
    world, skills_world, checked_page
):
    page = checked_page.page
    checked_page.login(world.bob.email, PASSWORD)
    checked_page.goto(reverse("skills:interests_edit"))
    page.locator("label[for=id_wants_full_time]").click()
    page.get_by_role("button", name="Save").click()
    checked_page.checked()
    assert Interest.objects.get(person=world.bob).wants_full_time
    page.get_by_role("button", name="Sign out").click()
    checked_page.checked()
    checked_page.login(world.sam.email, PASSWORD)
    checked_page.goto(reverse("skills:interests_list"))
    assert page.get_by_text("Bob Page").first.is_visible()
    checked_page.goto(reverse("skills:interests_view", args=[world.bob.pk]))
