"""Hats and the hat board through the API: seen by the library's staff, supervisors and
admins, changed by its admins; hours and gaps only about the people the caller manages."""

import datetime as dt
from decimal import Decimal

import pytest

from ladder.people.models import Employment
from ladder.skills.models import Hat, HatAssignment, HatRequirement, Rating
from tests.api.conftest import assert_error, ids
from tests.api.test_skills import competency, make_framework

START = dt.date(2024, 1, 8)


def _job(person) -> Employment:
    return Employment.objects.current().get(person=person)


@pytest.fixture
def ill(world):
    return Hat.objects.create(
        library=world.riverside, name="Interlibrary loan", weekly_hours=Decimal("10")
    )


def _assign(hat, person, role="wearer"):
    return HatAssignment.objects.create(
        hat=hat, employment=_job(person), role=role, start_date=START
    )


def test_an_admin_defines_a_hat_for_a_branch(world, api_for):
    body = {"name": "Story time", "weekly_hours": 3, "branch": world.riverside_east.pk}

    response = api_for(world.alice).post(f"libraries/{world.riverside.pk}/hats", body)

    assert response.status_code == 201, response.content
    created = response.json()
    assert created["branch"] == {"id": world.riverside_east.pk, "name": "Eastside"}
    assert (created["weekly_hours"], created["assignments"]) == (3.0, [])


def test_staff_see_hats_but_cannot_define_them(world, api_for, ill):
    api = api_for(world.bob)
    assert ids(api.get(f"libraries/{world.riverside.pk}/hats")) == [ill.pk]
    body = {"name": "Reserves", "weekly_hours": 5}
    assert_error(api.post(f"libraries/{world.riverside.pk}/hats", body), 403, "permission_denied")
    assert Hat.objects.count() == 1


def test_another_librarys_admin_reaches_none_of_riversides_hats(world, api_for, ill):
    assignment = _assign(ill, world.bob)
    api = api_for(world.carol)

    assert_error(api.get(f"libraries/{world.riverside.pk}/hats"), 404, "not_found")
    assert_error(api.get(f"libraries/{world.riverside.pk}/hat-board"), 404, "not_found")
    assert_error(api.get(f"hats/{ill.pk}"), 404)
    assert_error(api.patch(f"hats/{ill.pk}", {"name": "Mine"}), 404)
    assert_error(api.delete(f"hats/{ill.pk}"), 404)
    assert_error(api.put(f"hats/{ill.pk}/requirements", {"requirements": []}), 404)
    assert_error(
        api.post(f"hats/{ill.pk}/assignments", {"employment": 1, "start_date": "2024-02-01"}),
        404,
    )
    assert_error(api.post(f"hat-assignments/{assignment.pk}/end", {"end_date": "2024-03-01"}), 404)
    body = {"name": "Reserves", "weekly_hours": 5}
    assert_error(api.post(f"libraries/{world.riverside.pk}/hats", body), 404)
    ill.refresh_from_db()
    assert ill.name == "Interlibrary loan"


def test_a_network_coordinator_does_not_see_a_members_hat_board(world, api_for, ill):
    api = api_for(world.nina)
    assert_error(api.get(f"libraries/{world.riverside.pk}/hat-board"), 404)
    assert_error(api.get(f"hats/{ill.pk}"), 404)


def test_hats_need_authentication(world, anonymous_api, ill):
    assert_error(anonymous_api.get(f"libraries/{world.riverside.pk}/hats"), 401)
    assert_error(anonymous_api.get(f"libraries/{world.riverside.pk}/hat-board"), 401)
    assert_error(anonymous_api.get(f"hats/{ill.pk}"), 401)


def test_a_branch_of_another_library_is_refused_on_its_field(world, api_for):
    body = {"name": "Desk", "weekly_hours": 4, "branch": world.hillcrest_branch.pk}
    response = api_for(world.alice).post(f"libraries/{world.riverside.pk}/hats", body)
    assert list(assert_error(response, 422)["fields"]) == ["branch"]
    assert not Hat.objects.exists()


def test_the_same_name_twice_is_refused(world, api_for, ill):
    body = {"name": "Interlibrary loan", "weekly_hours": 4}
    response = api_for(world.alice).post(f"libraries/{world.riverside.pk}/hats", body)
    assert "name" in assert_error(response, 422)["fields"]


def test_branch_filter_keeps_library_wide_hats(world, api_for, ill):
    east = Hat.objects.create(
        library=world.riverside, branch=world.riverside_east, name="Story time", weekly_hours=2
    )
    main = Hat.objects.create(
        library=world.riverside, branch=world.riverside_main, name="Desk", weekly_hours=2
    )
    api = api_for(world.alice)
    url = f"libraries/{world.riverside.pk}/hats"

    assert set(ids(api.get(url, branch=world.riverside_east.pk))) == {ill.pk, east.pk}
    assert set(ids(api.get(url))) == {ill.pk, east.pk, main.pk}


def test_an_admin_edits_and_moves_a_hat_and_staff_cannot(world, api_for, ill):
    changed = api_for(world.alice).patch(
        f"hats/{ill.pk}", {"weekly_hours": "12.5", "branch": world.riverside_main.pk}
    )
    assert changed.status_code == 200, changed.content
    assert (changed.json()["weekly_hours"], changed.json()["branch"]["name"]) == (
        12.5,
        "Riverside Main",
    )
    back = api_for(world.alice).patch(f"hats/{ill.pk}", {"branch": None})
    assert back.json()["branch"] is None
    assert_error(api_for(world.bob).patch(f"hats/{ill.pk}", {"name": "x"}), 403)


def test_a_hat_in_use_cannot_be_deleted(world, api_for, ill):
    assignment = _assign(ill, world.bob)
    api = api_for(world.alice)

    error = assert_error(api.delete(f"hats/{ill.pk}"), 422)
    assert "__all__" in error["fields"]
    assert_error(api_for(world.bob).delete(f"hats/{ill.pk}"), 403)

    ended = api.post(f"hat-assignments/{assignment.pk}/end", {"end_date": "2024-02-01"})
    assert ended.status_code == 200, ended.content
    assert api.delete(f"hats/{ill.pk}").status_code == 204
    assert not Hat.objects.exists()


def test_an_admin_replaces_a_hats_required_levels(world, api_for, ill):
    framework = make_framework()
    HatRequirement.objects.create(hat=ill, competency=competency(framework, "ils"), level=2)
    body = {
        "requirements": [
            {"competency": competency(framework, "interlibrary-loan").pk, "level": 3},
            {"competency": competency(framework, "circulation").pk, "level": 2},
        ]
    }

    response = api_for(world.alice).put(f"hats/{ill.pk}/requirements", body)

    assert response.status_code == 200, response.content
    got = {(r["competency"]["code"], r["level"]) for r in response.json()}
    assert got == {("interlibrary-loan", 3), ("circulation", 2)}
    assert HatRequirement.objects.filter(hat=ill).count() == 2


def test_a_bad_level_leaves_a_hats_requirements_as_they_were(world, api_for, ill):
    framework = make_framework()
    HatRequirement.objects.create(hat=ill, competency=competency(framework, "ils"), level=2)
    body = {
        "requirements": [
            {"competency": competency(framework, "interlibrary-loan").pk, "level": 3},
            {"competency": competency(framework, "circulation").pk, "level": 9},
        ]
    }

    response = api_for(world.alice).put(f"hats/{ill.pk}/requirements", body)

    assert "level" in assert_error(response, 422)["fields"]
    assert list(HatRequirement.objects.filter(hat=ill).values_list("level", flat=True)) == [2]


def test_staff_cannot_set_requirements_even_an_empty_set(world, api_for, ill):
    response = api_for(world.bob).put(f"hats/{ill.pk}/requirements", {"requirements": []})
    assert_error(response, 403, "permission_denied")


def test_an_admin_assigns_a_wearer_and_a_backup_and_ends_one(world, api_for, ill):
    api = api_for(world.alice)
    url = f"hats/{ill.pk}/assignments"

    worn = api.post(url, {"employment": _job(world.bob).pk, "start_date": "2024-02-01"})
    backed = api.post(
        url, {"employment": _job(world.sam).pk, "role": "backup", "start_date": "2024-02-01"}
    )

    assert worn.status_code == 201, worn.content
    assert backed.status_code == 201, backed.content
    assert worn.json()["person"]["id"] == world.bob.pk
    hat = api.get(f"hats/{ill.pk}").json()
    assert [(a["person"]["id"], a["role"]) for a in hat["assignments"]] == [
        (world.sam.pk, "backup"),
        (world.bob.pk, "wearer"),
    ]
    ended = api.post(f"hat-assignments/{worn.json()['id']}/end", {"end_date": "2024-01-01"})
    assert "end_date" in assert_error(ended, 422)["fields"]


def test_only_jobs_at_the_hats_library_can_be_assigned(world, api_for, ill):
    body = {"employment": _job(world.dave).pk, "start_date": "2024-02-01"}
    response = api_for(world.alice).post(f"hats/{ill.pk}/assignments", body)
    assert list(assert_error(response, 422)["fields"]) == ["employment"]
    assert not HatAssignment.objects.exists()


def test_staff_cannot_assign_or_end_assignments(world, api_for, ill):
    assignment = _assign(ill, world.sam)
    api = api_for(world.bob)
    body = {"employment": _job(world.bob).pk, "start_date": "2024-02-01"}
    assert_error(api.post(f"hats/{ill.pk}/assignments", body), 403)
    assert_error(api.post(f"hat-assignments/{assignment.pk}/end", {"end_date": "2024-03-01"}), 403)
    assignment.refresh_from_db()
    assert assignment.end_date is None


# --- the board ------------------------------------------------------------------------------


def _board(api, world, **params):
    response = api.get(f"libraries/{world.riverside.pk}/hat-board", **params)
    assert response.status_code == 200, response.content
    return response.json()


def _people(board):
    return {row["person"]["id"]: row for row in board["people"]}


def test_the_board_shows_who_wears_what_and_the_gaps(world, api_for, ill):
    framework = make_framework()
    loan = competency(framework, "interlibrary-loan")
    HatRequirement.objects.create(hat=ill, competency=loan, level=3)
    Rating.objects.create(person=world.bob, competency=loan, level=1, source="self")
    reserves = Hat.objects.create(library=world.riverside, name="Reserves", weekly_hours=10)
    _assign(ill, world.bob)
    _assign(reserves, world.bob)
    _assign(ill, world.sam, role="backup")

    board = _board(api_for(world.alice), world)

    hats = {hat["name"]: hat for hat in board["hats"]}
    assert [a["person"]["id"] for a in hats["Interlibrary loan"]["wearers"]] == [world.bob.pk]
    assert [a["person"]["id"] for a in hats["Interlibrary loan"]["backups"]] == [world.sam.pk]
    assert board["without_backup"] == [reserves.pk]
    gap = board["below_level"][0]
    assert (gap["person"]["id"], gap["competency"]["code"], gap["level"]) == (
        world.bob.pk,
        "interlibrary-loan",
        1,
    )
    # bob, a 15-hour page, wears 20 hours of hats.
    bob = _people(board)[world.bob.pk]
    assert (bob["hat_hours"], bob["contracted_hours"], bob["over_by"]) == (20.0, 15.0, 5.0)
    assert board["over_hours"] == [bob["employment_id"]]
    assert board["can_edit"] is True


def test_a_colleague_sees_the_board_but_only_their_own_hours(world, api_for, ill):
    _assign(ill, world.sam)

    board = _board(api_for(world.bob), world)

    people = _people(board)
    assert people[world.bob.pk]["contracted_hours"] == 15.0
    assert people[world.sam.pk]["contracted_hours"] is None
    assert people[world.sam.pk]["hat_hours"] is None
    assert board["can_edit"] is False
    assert board["over_hours"] == []


def test_the_board_filters_by_a_branch_of_the_library(world, api_for, ill):
    board = _board(api_for(world.alice), world, branch=world.riverside_east.pk)
    assert board["branch"]["id"] == world.riverside_east.pk
    assert board["people"] == []  # everyone works at Riverside Main

    response = api_for(world.alice).get(
        f"libraries/{world.riverside.pk}/hat-board", branch=world.hillcrest_branch.pk
    )
    assert list(assert_error(response, 422)["fields"]) == ["branch"]
