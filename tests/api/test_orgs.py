"""Networks, regions, libraries and branches through the API."""

from ladder.orgs.models import Library, Membership
from tests import factories as f
from tests.api.conftest import assert_error, ids


def test_every_logged_in_person_reads_organisations(world, api_for):
    api = api_for(world.dave)
    assert ids(api.get("networks")) == [world.network.pk]
    assert set(ids(api.get("regions"))) == {world.north.pk, world.south.pk}
    assert set(ids(api.get("libraries"))) == {world.riverside.pk, world.hillcrest.pk}
    riverside = api.get(f"libraries/{world.riverside.pk}").json()
    assert riverside["region"] == {"id": world.north.pk, "name": "North"}
    assert riverside["memberships"][0]["network_id"] == world.network.pk
    assert riverside["full_time_threshold"] == 35.0


def test_library_filters(world, api_for):
    api = api_for(world.bob)
    other = f.LibraryFactory(name="Lonely Library", kind="special")
    assert ids(api.get("libraries", q="river")) == [world.riverside.pk]
    assert ids(api.get("libraries", kind="academic")) == [world.hillcrest.pk]
    assert ids(api.get("libraries", region=world.south.pk)) == [world.hillcrest.pk]
    in_network = ids(api.get("libraries", network=world.network.pk))
    assert other.pk not in in_network
    assert set(in_network) == {world.riverside.pk, world.hillcrest.pk}


def test_an_unknown_kind_filter_is_a_422_naming_the_parameter(world, api_for):
    error = assert_error(api_for(world.bob).get("libraries", kind="castle"), 422)
    assert "kind" in error["fields"]


def test_branches_filter_by_library(world, api_for):
    found = ids(api_for(world.bob).get("branches", library=world.riverside.pk))
    assert set(found) == {world.riverside_main.pk, world.riverside_east.pk}


def test_unknown_library_is_a_404(world, api_for):
    assert_error(api_for(world.bob).get("libraries/999999"), 404, "not_found")


def test_pagination_reports_the_total_count(world, api_for):
    for n in range(4):
        f.BranchFactory(library=world.hillcrest, name=f"Extra {n}")
    page = api_for(world.bob).get("branches", limit=2, offset=2).json()
    assert page["count"] == 7
    assert page["limit"] == 2 and page["offset"] == 2
    assert len(page["items"]) == 2


def test_pagination_bounds_are_enforced(world, api_for):
    api = api_for(world.bob)
    assert_error(api.get("branches", limit=0), 422)
    assert_error(api.get("branches", limit=101), 422)
    assert_error(api.get("branches", offset=-1), 422)
    assert_error(api.get("branches", offset=10**30), 422)


def test_coordinator_creates_a_library_in_their_network(world, api_for):
    response = api_for(world.nina).post(
        "libraries",
        {"network": world.network.pk, "name": "Maple Grove Library", "region": world.north.pk},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["slug"] == "maple-grove-library"
    assert body["region"]["id"] == world.north.pk
    assert Membership.objects.filter(
        library_id=body["id"], network=world.network, left_on__isnull=True
    ).exists()


def test_library_admin_may_not_create_libraries(world, api_for):
    response = api_for(world.alice).post(
        "libraries", {"network": world.network.pk, "name": "Sneaky Library"}
    )
    assert_error(response, 403, "permission_denied")
    assert not Library.objects.filter(name="Sneaky Library").exists()


def test_library_create_validates_fields(world, api_for):
    api = api_for(world.nina)
    missing = assert_error(api.post("libraries", {"network": world.network.pk}), 422)
    assert "name" in missing["fields"]
    bad = assert_error(
        api.post(
            "libraries",
            {"network": world.network.pk, "name": "X", "full_time_threshold": 500},
        ),
        422,
    )
    assert "full_time_threshold" in bad["fields"]
    unknown = assert_error(api.post("libraries", {"network": 999999, "name": "X"}), 422)
    assert unknown["fields"] == {"network": ["There is no network with id 999999."]}


def test_library_admin_edits_their_library(world, api_for):
    response = api_for(world.alice).patch(
        f"libraries/{world.riverside.pk}", {"city": "Dayton", "full_time_threshold": "32.5"}
    )
    assert response.status_code == 200, response.content
    world.riverside.refresh_from_db()
    assert world.riverside.city == "Dayton"
    assert str(world.riverside.full_time_threshold) == "32.5"


def test_other_librarys_admin_may_not_edit_riverside(world, api_for):
    response = api_for(world.carol).patch(f"libraries/{world.riverside.pk}", {"city": "Nowhere"})
    assert_error(response, 403, "permission_denied")
    world.riverside.refresh_from_db()
    assert world.riverside.city == "Columbus"


def test_explicit_null_for_a_required_field_is_refused(world, api_for):
    response = api_for(world.alice).patch(f"libraries/{world.riverside.pk}", {"name": None})
    assert "name" in assert_error(response, 422)["fields"]


def test_library_admin_adds_and_edits_branches(world, api_for):
    api = api_for(world.alice)
    created = api.post(
        "branches",
        {"library": world.riverside.pk, "name": "Westside", "latitude": "39.9", "weekly_hours": 40},
    )
    assert created.status_code == 201, created.content
    branch_id = created.json()["id"]
    updated = api.patch(f"branches/{branch_id}", {"address": "5 Elm St"})
    assert updated.status_code == 200
    assert updated.json()["address"] == "5 Elm St"


def test_branch_names_are_unique_within_a_library(world, api_for):
    response = api_for(world.alice).post(
        "branches", {"library": world.riverside.pk, "name": "eastside"}
    )
    assert "name" in assert_error(response, 422)["fields"]


def test_other_librarys_admin_may_not_add_or_edit_riverside_branches(world, api_for):
    api = api_for(world.carol)
    assert_error(api.post("branches", {"library": world.riverside.pk, "name": "Mine"}), 403)
    assert_error(api.patch(f"branches/{world.riverside_east.pk}", {"name": "Mine"}), 403)


def test_coordinator_adds_and_renames_regions(world, api_for):
    api = api_for(world.nina)
    created = api.post("regions", {"network": world.network.pk, "name": "East"})
    assert created.status_code == 201
    renamed = api.patch(f"regions/{created.json()['id']}", {"name": "Far East"})
    assert renamed.json()["name"] == "Far East"
    assert_error(
        api_for(world.alice).post("regions", {"network": world.network.pk, "name": "X"}), 403
    )
