"""Interest pages: the person edits their own; their supervisors and admins read them; others
get a 404; the list of people's interests is filterable and runs bounded queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ladder.skills.interests import interest_update
from ladder.skills.models import Interest
from tests import factories as f

MINE = reverse("skills:interests_edit")
LIST = reverse("skills:interests_list")


def view_url(person):
    return reverse("skills:interests_view", args=[person.pk])


def edit_url(person):
    return reverse("skills:interests_edit", args=[person.pk])


@pytest.fixture
def ils(framework):
    return framework.competencies.get(code="ils")


@pytest.fixture
def bobs(world, ils):
    return interest_update(
        by=world.bob,
        person=world.bob,
        target_job_classes=[world.librarian2],
        library_school=True,
        topics="Cataloguing film collections",
        learn=[ils],
    )


# --- editing one's own -----------------------------------------------------------------------


def test_bob_edits_his_own_interests(world, client_for, framework, ils):
    client = client_for(world.bob)
    page = client.get(MINE)
    assert page.status_code == 200
    html = page.content.decode()
    assert "<legend" in html and "Technology" in html  # checkboxes grouped by area
    response = client.post(
        MINE,
        {
            "target_job_classes": [world.librarian2.pk],
            "wants_full_time": "on",
            "topics": "eBooks",
            "teach": [ils.pk],
        },
    )
    assert response.status_code == 302
    assert response.url == view_url(world.bob)
    interest = Interest.objects.get(person=world.bob)
    assert interest.wants_full_time and list(interest.teach.all()) == [ils]
    world.bob.refresh_from_db()
    assert world.bob.is_mentor


def test_his_own_edit_url_with_his_pk_works_too(world, client_for):
    assert client_for(world.bob).get(edit_url(world.bob)).status_code == 200


def test_a_bad_choice_shows_on_its_field_and_saves_nothing(world, client_for):
    theirs = f.JobClassFactory(library=world.hillcrest)
    response = client_for(world.bob).post(
        MINE, {"target_job_classes": [theirs.pk], "wants_full_time": "on"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["target_job_classes"]
    assert 'role="alert"' in response.content.decode()
    assert not Interest.objects.exists()


def test_unticking_mentor_while_teaching_shows_on_the_mentor_box(world, client_for, ils):
    response = client_for(world.bob).post(MINE, {"teach": [ils.pk]})
    assert response.status_code == 302
    response = client_for(world.bob).post(MINE, {"teach": [ils.pk], "wants_full_time": "on"})
    assert response.status_code == 400
    assert "Clear that list" in response.context["form"].errors["is_mentor"][0]
    assert not Interest.objects.get().wants_full_time


# --- reading someone's ---------------------------------------------------------------------


@pytest.mark.parametrize("who", ["bob", "sam", "alice", "root"])
def test_the_person_their_supervisors_and_admins_read_them(world, client_for, bobs, who):
    response = client_for(getattr(world, who)).get(view_url(world.bob))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Cataloguing film collections" in html
    assert "Librarian II" in html
    assert ("Edit my interests" in html) == (who == "bob")


@pytest.mark.parametrize("who", ["carol", "dave", "nina"])
def test_others_get_404_reading_or_editing(world, client_for, bobs, who):
    client = client_for(getattr(world, who))
    assert client.get(view_url(world.bob)).status_code == 404
    assert client.get(edit_url(world.bob)).status_code == 404
    assert client.post(edit_url(world.bob), {"wants_management": "on"}).status_code == 404


@pytest.mark.parametrize("who", ["sam", "alice"])
def test_supervisors_and_admins_cannot_edit_them(world, client_for, bobs, who):
    client = client_for(getattr(world, who))
    assert client.get(edit_url(world.bob)).status_code == 403
    assert client.post(edit_url(world.bob), {"wants_management": "on"}).status_code == 403
    assert not Interest.objects.get().wants_management


def test_a_colleague_who_does_not_manage_bob_gets_404(world, client_for, bobs):
    colleague = f.EmploymentFactory(library=world.riverside, job_class=world.page).person
    assert client_for(colleague).get(view_url(world.bob)).status_code == 404


# --- the list --------------------------------------------------------------------------------


def test_sam_lists_his_reports_interests(world, client_for, bobs):
    response = client_for(world.sam).get(LIST)
    assert response.status_code == 200
    assert [i.person for i in response.context["object_list"]] == [world.bob]
    html = response.content.decode()
    assert "Library school" in html and "Page, Riverside Public Library" in html


def test_staff_without_people_get_403_on_the_list(world, client_for, bobs):
    assert client_for(world.bob).get(LIST).status_code == 403
    assert client_for(world.nina).get(LIST).status_code == 403


def test_carol_lists_none_of_riversides_people(world, client_for, bobs):
    response = client_for(world.carol).get(LIST)
    assert response.status_code == 200
    assert list(response.context["object_list"]) == []


@pytest.fixture
def stated(world, framework, bobs, ils):
    interest_update(by=world.sam, person=world.sam, wants_management=True, teach=[ils])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["bob", "sam"]),
        ("wants_full_time=on", []),
        ("wants_management=on", ["sam"]),
        ("library_school=on", ["bob"]),
        ("target_job_class={librarian2}", ["bob"]),
        ("learns={ils}", ["bob"]),
        ("teaches={ils}", ["sam"]),
    ],
)
def test_the_list_filters(world, client_for, stated, ils, query, expected):
    query = query.format(librarian2=world.librarian2.pk, ils=ils.pk)
    response = client_for(world.alice).get(f"{LIST}?{query}")
    assert [i.person for i in response.context["object_list"]] == [
        getattr(world, p) for p in expected
    ]


def test_an_unknown_filter_choice_is_dropped_and_said_on_the_field(world, client_for, stated):
    response = client_for(world.alice).get(f"{LIST}?target_job_class=999999")
    assert response.status_code == 200
    assert response.context["form"].errors["target_job_class"]
    assert len(response.context["object_list"]) == 2


def test_htmx_gets_just_the_results(world, client_for, stated):
    response = client_for(world.alice).get(LIST, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<table" in html and "<html" not in html


def add_people(world, framework, count):
    competencies = list(framework.competencies.all())
    for n in range(count):
        person = f.EmploymentFactory(
            library=world.riverside, job_class=world.page, supervisor=world.sam
        ).person
        interest_update(
            by=person,
            person=person,
            target_job_classes=[world.assistant, world.librarian2],
            wants_full_time=bool(n % 2),
            learn=competencies[:2],
            teach=competencies[n % 3 : n % 3 + 1],
        )


@pytest.mark.parametrize(
    ("who", "query"), [("alice", ""), ("sam", "?wants_full_time=on"), ("alice", "?learns={ils}")]
)
def test_the_list_runs_the_same_queries_for_5_and_50_people(
    world, framework, client_for, settings, ils, who, query
):
    settings.PAGE_SIZE = 200  # every row on one page, so each row's cost would show
    client = client_for(getattr(world, who))
    url = LIST + query.format(ils=ils.pk)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    add_people(world, framework, 5)
    five = count()
    add_people(world, framework, 45)
    assert count() == five


def test_the_edit_page_runs_the_same_queries_for_few_and_many_choices(world, framework, client_for):
    client = client_for(world.bob)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(MINE).status_code == 200
        return len(queries)

    few = count()
    area = framework.areas.first()
    for n in range(40):
        framework.competencies.create(area=area, code=f"extra-{n}", name=f"Extra {n}")
        f.JobClassFactory(network=world.network)
    assert count() == few
