"""The skill profile: which competencies it shows, the levels against the requirements, the
chart and its table, who may see it, and a fixed number of queries however many rows."""

import datetime as dt
import json
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ladder.core.access import access_for
from ladder.skills.models import (
    Competency,
    Hat,
    HatAssignment,
    HatRequirement,
    Interest,
    JobClassCompetency,
)
from ladder.skills.ratings import evidence_record
from ladder.skills.selectors import skill_profile
from tests import factories as f


def competency(framework, code):
    return framework.competencies.get(code=code)


@pytest.fixture
def bobs_world(world, framework):
    """bob (page) must be at 2 in ILS and circulation; his target, Librarian II, wants 3 in
    ILS and 2 in reference; he wears the ILL hat (interlibrary loan at 2); he rated himself
    in e-resources (3) and reference (2), and sam rated him 1 in ILS."""
    ils, circ = competency(framework, "ils"), competency(framework, "circulation")
    ref, ill = (
        competency(framework, "reference-interview"),
        competency(framework, "interlibrary-loan"),
    )
    JobClassCompetency.objects.create(job_class=world.page, competency=ils, level=2)
    JobClassCompetency.objects.create(job_class=world.page, competency=circ, level=2)
    JobClassCompetency.objects.create(job_class=world.librarian2, competency=ils, level=3)
    JobClassCompetency.objects.create(job_class=world.librarian2, competency=ref, level=2)
    interest = Interest.objects.create(person=world.bob)
    interest.target_job_classes.add(world.librarian2)
    hat = Hat.objects.create(library=world.riverside, name="Interlibrary loan", weekly_hours=5)
    HatRequirement.objects.create(hat=hat, competency=ill, level=2)
    HatAssignment.objects.create(
        hat=hat, employment=world.bob.employments.get(), start_date=dt.date(2024, 1, 1)
    )
    evidence_record(
        by=world.bob,
        person=world.bob,
        competency=competency(framework, "e-resources"),
        kind="self",
        level=3,
    )
    evidence_record(by=world.sam, person=world.bob, competency=ils, kind="supervisor", level=1)
    evidence_record(by=world.bob, person=world.bob, competency=ref, kind="self", level=2)
    return world


def rows_by_code(profile):
    return {row.competency.code: row for row in profile.rows}


def test_the_profile_shows_required_hat_target_and_rated_competencies_only(bobs_world):
    world = bobs_world
    profile = skill_profile(access_for(world.sam), world.bob)
    assert set(rows_by_code(profile)) == {
        "ils",
        "circulation",
        "reference-interview",
        "interlibrary-loan",
        "e-resources",
    }
    assert [jc.name for jc in profile.job_classes] == ["Page"]
    assert [jc.name for jc in profile.targets] == ["Librarian II"]
    assert profile.hats == ["Interlibrary loan"]


def test_each_row_has_level_source_and_requirements_with_gaps(bobs_world):
    rows = rows_by_code(skill_profile(access_for(bobs_world.bob), bobs_world.bob))
    ils = rows["ils"]
    assert (ils.level, ils.source, ils.supervisor_level, ils.self_level) == (
        1,
        "supervisor",
        1,
        None,
    )
    assert (ils.required_now.level, ils.required_now.gap) == (2, 1)
    target, required = ils.required_targets[0]
    assert (target.name, required.level, required.gap) == ("Librarian II", 3, 2)
    assert rows["interlibrary-loan"].required_hats.level == 2
    assert rows["e-resources"].required_now is None
    assert rows["e-resources"].level_label == "3 Proficient"
    assert rows["circulation"].level_label == "Not rated"


def test_an_ended_hat_or_job_no_longer_counts(bobs_world):
    world = bobs_world
    HatAssignment.objects.update(end_date=dt.date(2024, 6, 30))
    profile = skill_profile(access_for(world.bob), world.bob)
    assert profile.hats == []
    assert "interlibrary-loan" not in rows_by_code(profile)


def test_the_page_has_the_chart_and_the_same_numbers_in_a_table(bobs_world, client_for):
    world = bobs_world
    page = client_for(world.sam).get(reverse("skills:profile", args=[world.bob.pk]))
    html = page.content.decode()
    data = json.loads(re.search(r'id="skill-chart-data"[^>]*>(.*?)</script>', html, re.S)[1])
    labels = data["labels"]
    level = next(d for d in data["datasets"] if d["key"] == "level")["data"]
    now = next(d for d in data["datasets"] if d["key"] == "now")["data"]
    target = next(d for d in data["datasets"] if d["key"] == "target")
    assert target["label"] == "Required for Librarian II (target)"
    assert dict(zip(labels, level, strict=True))["Ils"] == 1
    assert dict(zip(labels, now, strict=True))["Ils"] == 2
    assert data["max"] == 4
    canvas = re.search(r"<canvas[^>]*>", html)[0]
    assert 'role="img"' in canvas
    assert 'aria-label="Bar chart of Bob Page&#x27;s levels in 5 competencies' in canvas
    # The table beside it: a header per row, and the gaps in words, not colour alone.
    assert '<th scope="row" data-label="Competency">Ils' in html
    assert "1 below" in html and "2 below" in html and "Met" in html


def test_chart_js_is_served_locally(bobs_world, client_for):
    html = client_for(bobs_world.bob).get(reverse("skills:profile", args=[bobs_world.bob.pk]))
    html = html.content.decode()
    assert "/static/vendor/chartjs/chart.umd.min.js" in html
    assert "/static/ladder/skill-chart.js" in html
    assert not re.search(r'<script[^>]+src="(https?:)?//', html)


def test_the_owner_is_offered_to_rate_themselves_and_a_supervisor_to_assess(bobs_world, client_for):
    world = bobs_world
    url = reverse("skills:profile", args=[world.bob.pk])
    assert "Rate yourself" in client_for(world.bob).get(url).content.decode()
    assert "Assess Bob Page" in client_for(world.sam).get(url).content.decode()


def test_a_profile_with_nothing_required_or_rated_says_so(world, framework, client_for):
    page = client_for(world.dave).get(reverse("skills:profile", args=[world.dave.pk]))
    assert "No requirements or ratings yet" in page.content.decode()
    assert "skill-chart-data" not in page.content.decode()


@pytest.mark.parametrize(
    ("viewer", "subject", "status"),
    [
        ("bob", "bob", 200),
        ("sam", "bob", 200),
        ("alice", "bob", 200),
        ("root", "bob", 200),
        ("carol", "bob", 404),
        ("dave", "bob", 404),
        ("nina", "bob", 404),
        ("bob", "sam", 404),
        ("sam", "dave", 404),
        ("carol", "dave", 200),
    ],
)
def test_who_sees_a_skill_profile(world, framework, client_for, viewer, subject, status):
    url = reverse("skills:profile", args=[getattr(world, subject).pk])
    assert client_for(getattr(world, viewer)).get(url).status_code == status


# --- the summary on the person's page ------------------------------------------------------


def test_the_persons_page_shows_a_skills_summary_to_those_who_manage_them(bobs_world, client_for):
    world = bobs_world
    html = client_for(world.sam).get(reverse("people:profile", args=[world.bob.pk]))
    html = html.content.decode()
    assert '<h2 id="skills">Skills</h2>' in html
    assert "3 of 5 competencies rated" in html
    assert "2 below what Page requires" in html
    assert reverse("skills:profile", args=[world.bob.pk]) in html


def test_a_colleague_sees_no_skills_on_the_persons_page(bobs_world, client_for):
    world = bobs_world
    colleague = f.PersonFactory(email="cole@riverside.example")
    f.EmploymentFactory(
        person=colleague,
        library=world.riverside,
        job_class=world.page,
        weekly_hours=Decimal("10"),
        start_date=dt.date(2022, 1, 1),
    )
    page = client_for(colleague).get(reverse("people:profile", args=[world.bob.pk]))
    assert page.status_code == 200
    assert "skills" not in page.content.decode().lower().split("<main", 1)[1].split("account")[0]
    assert reverse("skills:profile", args=[world.bob.pk]) not in page.content.decode()


# --- query counts --------------------------------------------------------------------------


def _require_many(world, framework, start, stop):
    """bob's job, both his targets and his hat require competencies start..stop-1; sam has
    rated him in each."""
    area = framework.areas.first()
    hat, _ = Hat.objects.get_or_create(
        library=world.riverside, name="Desk", defaults={"weekly_hours": Decimal("4")}
    )
    HatAssignment.objects.get_or_create(
        hat=hat, employment=world.bob.employments.get(), start_date=dt.date(2024, 1, 1)
    )
    interest, _ = Interest.objects.get_or_create(person=world.bob)
    interest.target_job_classes.add(world.librarian2, world.manager)
    for i in range(start, stop):
        c = Competency.objects.create(
            framework=framework, area=area, code=f"extra-{i}", name=f"Extra {i}", position=i
        )
        JobClassCompetency.objects.create(job_class=world.page, competency=c, level=1)
        JobClassCompetency.objects.create(job_class=world.librarian2, competency=c, level=3)
        JobClassCompetency.objects.create(job_class=world.manager, competency=c, level=2)
        HatRequirement.objects.create(hat=hat, competency=c, level=2)
        evidence_record(by=world.sam, person=world.bob, competency=c, kind="supervisor", level=2)


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("url_name", ["skills:profile", "people:profile", "skills:evidence_log"])
def test_pages_run_the_same_queries_for_5_and_40_competencies(
    world, framework, client_for, url_name
):
    client = client_for(world.sam)
    url = reverse(url_name, args=[world.bob.pk])
    _require_many(world, framework, 0, 5)
    few = _count(client, url)
    _require_many(world, framework, 5, 40)
    many = _count(client, url)
    assert few == many
