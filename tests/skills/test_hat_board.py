"""The hat board: who wears what, hat hours against contracts, the cross-training gaps, who sees
which part of it, and a bounded number of queries."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ladder.core.access import access_for
from ladder.people.models import Employment
from ladder.skills.hats import hat_board
from ladder.skills.models import Hat, HatAssignment, HatRequirement, Rating
from tests import factories as f

TODAY = timezone.localdate()
START = dt.date(2021, 1, 4)


@dataclass
class Crew:
    ill: Hat
    reserves: Hat
    desk: Hat
    story: Hat


def job(person):
    return Employment.objects.get(person=person)


def wear(hat, employment, role="wearer", start=START, end_date=None):
    return HatAssignment.objects.create(
        hat=hat, employment=employment, role=role, start_date=start, end_date=end_date
    )


@pytest.fixture
def crew(world, framework):
    """Riverside's hats: bob wears interlibrary loan (5 h) and the reference desk (12 h) on a
    15-hour job; sam wears reserves and backs up interlibrary loan; story time at Eastside has
    nobody. Bob is at 1 in interlibrary loan (needs 2) and unrated in reference (needs 3)."""
    loans = framework.competencies.get(code="interlibrary-loan")
    reference = framework.competencies.get(code="reference-interview")
    ill = Hat.objects.create(library=world.riverside, name="Interlibrary loan", weekly_hours=5)
    reserves = Hat.objects.create(
        library=world.riverside, branch=world.riverside_main, name="Reserves", weekly_hours=4
    )
    desk = Hat.objects.create(
        library=world.riverside, branch=world.riverside_main, name="Reference desk", weekly_hours=12
    )
    story = Hat.objects.create(
        library=world.riverside, branch=world.riverside_east, name="Story time", weekly_hours=3
    )
    HatRequirement.objects.create(hat=ill, competency=loans, level=2)
    HatRequirement.objects.create(hat=desk, competency=reference, level=3)
    bob, sam = job(world.bob), job(world.sam)
    wear(ill, bob)
    wear(desk, bob)
    wear(reserves, sam)
    wear(ill, sam, role="backup")
    Rating.objects.create(person=world.bob, competency=loans, level=1, source="supervisor")
    return Crew(ill=ill, reserves=reserves, desk=desk, story=story)


def board_for(person, library, branch=None):
    return hat_board(access_for(person), library, branch)


def row_of(board, person):
    return next(r for r in board.people if r.employment.person_id == person.pk)


def hat_row(board, hat):
    return next(r for r in board.hats if r.hat.pk == hat.pk)


# --- what the board shows --------------------------------------------------------------------


def test_the_board_shows_wearers_and_backups(world, crew):
    board = board_for(world.alice, world.riverside)
    ill = hat_row(board, crew.ill)
    assert [a.employment.person for a in ill.wearers] == [world.bob]
    assert [a.employment.person for a in ill.backups] == [world.sam]
    assert [r.hat.name for r in board.hats] == [
        "Interlibrary loan",
        "Reference desk",
        "Reserves",
        "Story time",
    ]


def test_hat_hours_count_wearing_only_and_flag_people_over_their_contract(world, crew):
    board = board_for(world.alice, world.riverside)
    bob, sam = row_of(board, world.bob), row_of(board, world.sam)
    assert (bob.hat_hours, bob.contracted_hours, bob.over_by) == (17, 15, 2)
    # Backing up interlibrary loan adds nothing to sam's hours.
    assert (sam.hat_hours, sam.contracted_hours, sam.over_by) == (4, 40, None)
    assert board.over_hours == [bob]


def test_the_gaps_name_hats_without_backup_or_wearer(world, crew):
    board = board_for(world.alice, world.riverside)
    assert [r.hat.name for r in board.without_backup] == [
        "Reference desk",
        "Reserves",
        "Story time",
    ]
    assert [r.hat.name for r in board.without_wearer] == ["Story time"]


def test_wearers_below_a_required_level_use_their_current_rating(world, crew, framework):
    board = board_for(world.alice, world.riverside)
    gaps = {(g.assignment.hat.name, g.level) for g in board.below_level}
    # Rated 1 where 2 is needed; never rated where 3 is needed.
    assert gaps == {("Interlibrary loan", 1), ("Reference desk", None)}
    desk_gap = next(g for g in board.below_level if g.level is None)
    assert (desk_gap.level_label, desk_gap.required_label) == ("not rated", "3 (Proficient)")

    Rating.objects.filter(person=world.bob).update(level=2)
    board = board_for(world.alice, world.riverside)
    assert [g.assignment.hat.name for g in board.below_level] == ["Reference desk"]


def test_a_backup_below_level_is_not_a_wearer_gap(world, crew, framework):
    board = board_for(world.alice, world.riverside)
    # sam backs up interlibrary loan unrated: shown on the hat, not among wearers below level.
    assert world.sam.pk in {
        g.assignment.employment.person_id for g in hat_row(board, crew.ill).gaps
    }
    assert world.sam.pk not in {g.assignment.employment.person_id for g in board.below_level}


def test_a_person_with_two_jobs_appears_once_per_job(world, crew):
    second = f.EmploymentFactory(
        person=world.bob,
        library=world.riverside,
        branch=world.riverside_east,
        job_class=world.page,
        weekly_hours=Decimal("10"),
        start_date=START,
    )
    wear(crew.story, second)
    board = board_for(world.alice, world.riverside)
    rows = [r for r in board.people if r.employment.person_id == world.bob.pk]
    assert sorted((r.contracted_hours, r.hat_hours) for r in rows) == [(10, 3), (15, 17)]


def test_ended_assignments_and_ended_jobs_no_longer_count(world, crew):
    HatAssignment.objects.filter(hat=crew.desk).update(end_date=TODAY - dt.timedelta(days=1))
    sam = job(world.sam)
    sam.end_date = TODAY - dt.timedelta(days=1)
    sam.save()
    board = board_for(world.alice, world.riverside)
    assert row_of(board, world.bob).hat_hours == 5
    assert hat_row(board, crew.desk).wearers == []
    assert hat_row(board, crew.ill).backups == []
    assert world.sam.pk not in {r.employment.person_id for r in board.people}


def test_a_branch_board_shows_its_hats_the_library_wide_ones_and_its_people(world, crew):
    rita = f.EmploymentFactory(
        library=world.riverside,
        branch=world.riverside_east,
        job_class=world.assistant,
        weekly_hours=Decimal("20"),
    )
    board = board_for(world.alice, world.riverside, world.riverside_east)
    assert [r.hat.name for r in board.hats] == ["Interlibrary loan", "Story time"]
    assert [r.employment for r in board.people] == [rita]
    # Library-wide hats keep their wearers from every branch.
    assert [a.employment.person for a in hat_row(board, crew.ill).wearers] == [world.bob]


# --- who sees which part ---------------------------------------------------------------------


def test_staff_see_who_wears_what_but_only_their_own_hours_and_gaps(world, crew):
    board = board_for(world.bob, world.riverside)
    bob, sam, alice = (row_of(board, p) for p in (world.bob, world.sam, world.alice))
    assert bob.hat_hours == 17
    assert (sam.managed, sam.hat_hours, sam.contracted_hours) == (False, None, None)
    assert alice.contracted_hours is None
    assert [hat.name for hat in sam.wears + sam.backs] == ["Reserves", "Interlibrary loan"]
    assert {g.assignment.employment.person_id for h in board.hats for g in h.gaps} == {world.bob.pk}
    assert not board.can_edit


def test_a_supervisor_sees_the_hours_of_their_reports_not_their_boss(world, crew):
    board = board_for(world.sam, world.riverside)
    assert row_of(board, world.bob).contracted_hours == 15
    assert row_of(board, world.sam).contracted_hours == 40
    assert row_of(board, world.alice).contracted_hours is None


def test_bob_sees_the_board_page_without_other_peoples_hours(world, crew, client_for):
    response = client_for(world.bob).get(reverse("skills:hat_board", args=[world.riverside.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Not shown" in html
    assert "Add a hat" not in html
    assert "over by 2 hours" in html  # his own


def test_the_board_page_marks_gaps_in_text_and_wraps_tables_for_phones(world, crew, client_for):
    response = client_for(world.alice).get(reverse("skills:hat_board", args=[world.riverside.pk]))
    html = response.content.decode()
    assert "No backup" in html
    assert "No wearer" in html
    assert "Over</span> by 2 hours" in html
    assert "needs 2 (Working), is 1 (Aware)" in html
    assert html.count('class="ladder-table-wrap"') == 2
    assert 'scope="col"' in html and 'scope="row"' in html


def test_the_branch_filter_narrows_the_page(world, crew, client_for):
    url = reverse("skills:hat_board", args=[world.riverside.pk])
    response = client_for(world.alice).get(url, {"branch": world.riverside_east.pk})
    assert [r.hat.name for r in response.context["board"].hats] == [
        "Interlibrary loan",
        "Story time",
    ]
    # A branch of another library is refused on the field and the whole library shown.
    response = client_for(world.alice).get(url, {"branch": world.hillcrest_branch.pk})
    assert response.context["board"].branch is None
    assert response.context["form"].errors["branch"]


@pytest.mark.parametrize("who", ["carol", "dave", "nina"])
def test_outsiders_get_a_404_for_the_board(world, crew, client_for, who):
    url = reverse("skills:hat_board", args=[world.riverside.pk])
    assert client_for(getattr(world, who)).get(url).status_code == 404


def test_a_supervisor_with_a_second_job_elsewhere_sees_their_reports_board(world, crew):
    boss = f.PersonFactory()
    f.EmploymentFactory(person=boss, library=world.hillcrest, job_class=world.manager)
    f.EmploymentFactory(person=boss, library=world.riverside, job_class=world.manager)
    employment = job(world.bob)
    employment.supervisor = boss
    employment.save()
    board = board_for(boss, world.riverside)
    assert row_of(board, world.bob).contracted_hours == 15
    assert row_of(board, world.sam).contracted_hours is None


def test_a_supervisor_whose_job_there_ended_no_longer_supervises_there(world, crew):
    # Supervision is per employment and ends with the supervisor's job in that library.
    boss = f.PersonFactory()
    f.EmploymentFactory(person=boss, library=world.hillcrest, job_class=world.manager)
    employment = job(world.bob)
    employment.supervisor = boss
    employment.save()
    assert world.bob.pk not in access_for(boss).report_ids


# --- bounded queries -------------------------------------------------------------------------


def add_hats(world, framework, count, start):
    competencies = list(framework.competencies.all())
    for n in range(start, start + count):
        hat = Hat.objects.create(library=world.riverside, name=f"Hat {n}", weekly_hours=2)
        competency = competencies[n % len(competencies)]
        HatRequirement.objects.create(hat=hat, competency=competency, level=2)
        wearer = f.EmploymentFactory(
            library=world.riverside,
            branch=world.riverside_main,
            job_class=world.page,
            supervisor=world.sam,
        )
        backup = f.EmploymentFactory(
            library=world.riverside, branch=world.riverside_east, job_class=world.assistant
        )
        wear(hat, wearer)
        wear(hat, backup, role="backup")
        Rating.objects.create(person=wearer.person, competency=competency, level=1, source="self")


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["alice", "sam", "bob"])
@pytest.mark.parametrize("branch", [False, True])
def test_the_board_runs_the_same_queries_for_5_and_50_hats(
    world, framework, client_for, who, branch
):
    client = client_for(getattr(world, who))
    url = reverse("skills:hat_board", args=[world.riverside.pk])
    if branch:
        url += f"?branch={world.riverside_main.pk}"
    add_hats(world, framework, 5, 0)
    five = queries_for(client, url)
    add_hats(world, framework, 45, 5)
    fifty = queries_for(client, url)
    assert five == fifty


def test_the_hat_page_runs_the_same_queries_for_5_and_50_people(world, framework, client_for):
    hat = Hat.objects.create(library=world.riverside, name="Desk", weekly_hours=2)
    for competency in framework.competencies.all():
        HatRequirement.objects.create(hat=hat, competency=competency, level=2)

    def add_people(count):
        for _ in range(count):
            employment = f.EmploymentFactory(library=world.riverside, job_class=world.page)
            wear(hat, employment)
            wear(
                hat,
                employment,
                role="backup",
                start=START - dt.timedelta(days=400),
                end_date=START - dt.timedelta(days=1),
            )

    client = client_for(world.alice)
    url = reverse("skills:hat_detail", args=[hat.pk])
    add_people(5)
    five = queries_for(client, url)
    add_people(45)
    fifty = queries_for(client, url)
    assert five == fifty
