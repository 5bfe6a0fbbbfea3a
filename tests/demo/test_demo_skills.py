"""The demo's skills: the default framework, ratings with an evidence log, hats, interests."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from ladder.core.access import access_for
from ladder.orgs.models import Library
from ladder.people.models import Person
from ladder.skills.hats import hat_board
from ladder.skills.models import (
    Competency,
    Evidence,
    Framework,
    Hat,
    HatAssignment,
    HatRequirement,
    Interest,
    JobClassCompetency,
    Level,
    Rating,
)
from ladder.skills.rules import Entry, current_level
from tests.api.conftest import ApiClient, token_for

MODELS = [
    Framework, Level, Competency, JobClassCompetency, Evidence, Rating, Hat, HatRequirement,
    HatAssignment, Interest,
]  # fmt: skip


def run_demo() -> None:
    call_command("demo", "--no-serve", stdout=StringIO())


@pytest.fixture
def demo(seeded_demo, db) -> str:
    return seeded_demo


def person(first: str, last: str) -> Person:
    return Person.objects.get(first_name=first, last_name=last)


def current_wearing(library_slug: str, who: Person, role: str) -> set[str]:
    return set(
        HatAssignment.objects.filter(
            hat__library__slug=library_slug,
            employment__person=who,
            role=role,
            end_date__isnull=True,
        ).values_list("hat__name", flat=True)
    )


def test_the_demo_installs_the_default_framework_and_requires_levels(demo):
    framework = Framework.objects.get(is_default=True)

    assert framework.network is None
    assert framework.levels.count() >= 3
    assert framework.competencies.filter(area__code="interlibrary-loan").exists()
    assert JobClassCompetency.objects.filter(
        job_class__code="librarian-ii", job_class__library=None
    ).exists()


def test_personas_are_rated_self_first_then_by_their_supervisor(demo):
    claire = person("Claire", "Donnelly")
    log = list(Evidence.objects.filter(person=claire).order_by("recorded_at", "pk"))
    kinds = [entry.kind for entry in log]

    assert "self" in kinds and "supervisor" in kinds
    assert kinds.index("supervisor") > kinds.index("self")
    boss = claire.employments.get(end_date__isnull=True).supervisor
    assert {e.recorded_by for e in log if e.kind == "supervisor"} == {boss}
    assert {e.recorded_by for e in log if e.kind == "self"} == {claire}
    assert Evidence.objects.filter(kind="training").exists()
    assert Evidence.objects.filter(kind="coaching", person__first_name="Hannah").exists()


def test_every_demo_rating_follows_the_rule_on_its_log(demo):
    ratings = list(Rating.objects.all())
    assert len(ratings) >= 30
    for rating in ratings:
        entries = Evidence.objects.filter(
            person_id=rating.person_id, competency_id=rating.competency_id
        ).order_by("recorded_at", "pk")
        expected = current_level(Entry(e.kind, e.level) for e in entries)
        assert expected is not None
        assert (rating.level, rating.source) == (expected.level, expected.source)
        assert (rating.self_level, rating.supervisor_level) == (
            expected.self_level,
            expected.supervisor_level,
        )


def test_the_branchs_tech_person_is_a_mentor_in_technology(demo):
    marcus = person("Marcus", "Bell")
    interest = Interest.objects.get(person=marcus)

    assert marcus.is_mentor
    teaches = list(interest.teach.select_related("area"))
    assert teaches and all(c.area.code.startswith("technology") for c in teaches)
    expert = Rating.objects.filter(person=marcus, competency__in=teaches, level__gte=4)
    assert expert.count() >= 3


def test_the_academic_librarys_assistant_wears_loan_and_reserves_and_backs_others_up(demo):
    megan = person("Megan", "Fischer")

    wears = current_wearing("brookfield-college", megan, "wearer")
    assert {"Interlibrary loan", "Course reserves"} <= wears
    assert current_wearing("brookfield-college", megan, "backup")
    for name in ("Interlibrary loan", "Course reserves"):
        hat = Hat.objects.get(library__slug="brookfield-college", name=name)
        assert hat.requirements.exists()
        assert hat.assignments.filter(role="backup").exists()


def test_maple_countys_board_has_a_hat_nobody_backs_up(demo):
    library = Library.objects.get(slug="maple-county")
    admin = person("Patricia", "Lindqvist")

    board = hat_board(access_for(admin), library)

    assert len(board.hats) >= 3
    assert [row.hat.name for row in board.without_backup] == ["Holds and delivery"]


def test_the_film_studies_assistant_aims_for_librarian_ii(demo):
    claire = person("Claire", "Donnelly")
    interest = Interest.objects.get(person=claire)

    assert [jc.name for jc in interest.target_job_classes.all()] == ["Librarian II"]
    assert interest.library_school
    assert interest.wants_full_time
    # The printed "staff" login sees it through the API too.
    body = ApiClient(token_for(claire)).get("me/interests").json()
    assert body["library_school"] is True
    assert body["target_job_classes"][0]["code"] == "librarian-ii"


def test_running_the_demo_twice_adds_no_skills_rows(demo):
    before = {model.__name__: model.objects.count() for model in MODELS}

    run_demo()

    assert {model.__name__: model.objects.count() for model in MODELS} == before
