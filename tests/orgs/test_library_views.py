from decimal import Decimal

import pytest
from django.urls import reverse

from ladder.orgs.models import Library, Membership
from tests import factories as f

LIST = reverse("orgs:library_list")


def names(response):
    return [library.name for library in response.context["object_list"]]


# --- list -----------------------------------------------------------------------------------


def test_library_list_needs_a_login(client, world):
    response = client.get(LIST)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_every_signed_in_user_sees_all_libraries_with_counts(world, client_for):
    response = client_for(world.dave).get(LIST)

    assert response.status_code == 200
    assert names(response) == ["Hillcrest College Library", "Riverside Public Library"]
    riverside = response.context["object_list"][1]
    assert (riverside.branch_count, riverside.staff_count) == (2, 3)
    assert b"Buckeye Library Network" in response.content


def test_ended_employments_are_not_counted_as_staff(world, client_for):
    f.EmploymentFactory(library=world.riverside, start_date="2010-01-01", end_date="2012-01-01")
    response = client_for(world.bob).get(LIST, {"q": "riverside"})
    assert response.context["object_list"][0].staff_count == 3


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "river"}, ["Riverside Public Library"]),
        ({"q": "Springfield"}, ["Springfield Library"]),
        ({"kind": "academic"}, ["Hillcrest College Library"]),
        ({"region": "south"}, ["Hillcrest College Library"]),
        ({"membership": "current"}, ["Hillcrest College Library", "Riverside Public Library"]),
        ({"membership": "past"}, ["Springfield Library"]),
        ({"network": "buckeye", "membership": "past"}, []),
        ({"network": "buckeye"}, ["Hillcrest College Library", "Riverside Public Library"]),
    ],
)
def test_library_list_searches_and_filters(world, client_for, params, expected):
    springfield = f.LibraryFactory(name="Springfield Library", city="Springfield")
    f.MembershipFactory(library=springfield, joined_on="2000-01-01", left_on="2010-01-01")
    lookups = {"south": world.south.pk, "buckeye": world.network.pk}
    params = {k: lookups.get(v, v) for k, v in params.items()}

    response = client_for(world.bob).get(LIST, params)

    assert response.status_code == 200
    assert names(response) == expected


def test_a_bad_filter_value_is_ignored_not_an_error(world, client_for):
    response = client_for(world.bob).get(LIST, {"region": "999999", "kind": "castle"})
    assert response.status_code == 200
    assert len(names(response)) == 2


def test_htmx_search_gets_only_the_results_fragment(world, client_for):
    response = client_for(world.bob).get(
        LIST, {"q": "hill"}, headers={"HX-Request": "true", "HX-Target": "library-results"}
    )
    assert response.status_code == 200
    assert b"<html" not in response.content
    assert b"Hillcrest College Library" in response.content
    assert b"Riverside Public Library" not in response.content
    assert "HX-Request" in response["Vary"]


def test_the_full_page_contains_the_same_results_fragment(world, client_for):
    response = client_for(world.bob).get(LIST, {"q": "hill"})
    assert b"<html" in response.content
    assert b'id="library-results"' in response.content
    assert "orgs/_library_results.html" in [t.name for t in response.templates]


def test_add_library_button_only_for_coordinators(world, client_for):
    assert b"Add a library" in client_for(world.nina).get(LIST).content
    assert b"Add a library" not in client_for(world.alice).get(LIST).content


def test_library_list_paginates(world, client_for, settings):
    settings.PAGE_SIZE = 1
    response = client_for(world.bob).get(LIST, {"page": 2})
    assert names(response) == ["Riverside Public Library"]
    assert b"Page 2 of 2" in response.content


# --- detail ---------------------------------------------------------------------------------


def test_library_detail_shows_branches_and_memberships(world, client_for):
    response = client_for(world.dave).get(world.riverside.get_absolute_url())

    assert response.status_code == 200
    body = response.content.decode()
    assert "Riverside Main" in body and "Eastside" in body
    assert "39.961176" in body and "-82.998794" in body
    assert "1 Main St" in body
    assert "Buckeye Library Network" in body
    assert "Current member" in body


def test_library_detail_of_an_unknown_library_is_404(world, client_for):
    assert (
        client_for(world.alice).get(reverse("orgs:library_detail", args=[99999])).status_code == 404
    )


@pytest.mark.parametrize(
    ("who", "can_edit"),
    [
        ("alice", True),
        ("nina", True),
        ("root", True),
        ("carol", False),
        ("bob", False),
    ],
)
def test_edit_links_only_for_those_who_may_edit(world, client_for, who, can_edit):
    response = client_for(getattr(world, who)).get(world.riverside.get_absolute_url())
    body = response.content.decode()
    assert (reverse("orgs:library_update", args=[world.riverside.pk]) in body) is can_edit
    assert (reverse("orgs:branch_create", args=[world.riverside.pk]) in body) is can_edit
    assert (reverse("orgs:branch_update", args=[world.riverside_main.pk]) in body) is can_edit


def test_end_membership_link_only_for_the_networks_coordinator(world, client_for):
    membership = world.riverside.memberships.get()
    url = reverse("orgs:membership_end", args=[membership.pk])
    assert url in client_for(world.nina).get(world.riverside.get_absolute_url()).content.decode()
    assert (
        url not in client_for(world.alice).get(world.riverside.get_absolute_url()).content.decode()
    )


# --- create ---------------------------------------------------------------------------------

CREATE = reverse("orgs:library_create")


@pytest.mark.parametrize("who", ["bob", "alice", "carol"])
def test_only_coordinators_reach_the_add_library_page(world, client_for, who):
    client = client_for(getattr(world, who))
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, {"network": world.network.pk, "name": "X"}).status_code == 403
    assert not Library.objects.filter(name="X").exists()


def library_data(world, **overrides):
    data = {
        "network": world.network.pk,
        "name": "Maple Falls Library",
        "kind": "public",
        "region": world.south.pk,
        "city": "Maple Falls",
        "state": "OH",
        "full_time_threshold": "32",
        "joined_on": "2024-07-01",
        "annual_fee": "150",
    }
    data.update(overrides)
    return data


def test_coordinator_adds_a_library(world, client_for):
    client = client_for(world.nina)
    assert client.get(CREATE, {"network": world.network.pk}).status_code == 200

    response = client.post(CREATE, library_data(world))

    library = Library.objects.get(name="Maple Falls Library")
    assert response.status_code == 302
    assert response["Location"] == library.get_absolute_url()
    assert library.full_time_threshold == Decimal("32")
    membership = Membership.objects.get(library=library)
    assert (str(membership.joined_on), membership.annual_fee) == ("2024-07-01", Decimal("150"))


def test_coordinator_cannot_pick_another_network(world, client_for):
    other = f.NetworkFactory()
    response = client_for(world.nina).post(CREATE, library_data(world, network=other.pk))
    assert response.status_code == 400
    assert response.context["form"].errors["network"]
    assert not Library.objects.filter(name="Maple Falls Library").exists()


def test_a_region_of_another_network_is_shown_on_the_region_field(world, client_for):
    other = f.NetworkFactory()
    foreign = f.RegionFactory(network=other)
    response = client_for(world.root).post(CREATE, library_data(world, region=foreign.pk))
    assert response.status_code == 400
    assert (
        "Choose a region of Buckeye Library Network." in response.context["form"].errors["region"]
    )
    assert not Library.objects.filter(name="Maple Falls Library").exists()


# --- update ---------------------------------------------------------------------------------


def edit_data(library, **overrides):
    data = {
        "name": library.name,
        "kind": library.kind,
        "city": library.city,
        "county": library.county,
        "state": library.state,
        "fscs_key": library.fscs_key,
        "population_served": "",
        "website": "",
        "full_time_threshold": str(library.full_time_threshold),
        "fiscal_year_start_month": str(library.fiscal_year_start_month),
    }
    if library.registration_needs_approval:
        data["registration_needs_approval"] = "on"
    if library.region_id:
        data["region"] = library.region_id
    data.update(overrides)
    return data


def test_other_librarys_admin_cannot_edit_riverside_page(world, client_for):
    client = client_for(world.carol)
    url = reverse("orgs:library_update", args=[world.riverside.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, edit_data(world.riverside, city="Hacked")).status_code == 403
    world.riverside.refresh_from_db()
    assert world.riverside.city == "Columbus"


def test_editing_an_unknown_library_is_404(world, client_for):
    url = reverse("orgs:library_update", args=[99999])
    assert client_for(world.alice).get(url).status_code == 404


def test_library_admin_edits_her_library_but_is_not_offered_the_region(world, client_for):
    client = client_for(world.alice)
    url = reverse("orgs:library_update", args=[world.riverside.pk])
    form = client.get(url).context["form"]
    assert "region" not in form.fields

    response = client.post(url, edit_data(world.riverside, city="Riverton", region=world.south.pk))

    assert response.status_code == 302
    world.riverside.refresh_from_db()
    assert world.riverside.city == "Riverton"
    assert world.riverside.region == world.north


def test_coordinator_moves_a_library_to_another_region(world, client_for):
    url = reverse("orgs:library_update", args=[world.riverside.pk])
    response = client_for(world.nina).post(url, edit_data(world.riverside, region=world.south.pk))
    assert response.status_code == 302
    world.riverside.refresh_from_db()
    assert world.riverside.region == world.south


def test_a_bad_threshold_is_shown_on_its_field_and_nothing_is_saved(world, client_for):
    url = reverse("orgs:library_update", args=[world.riverside.pk])
    response = client_for(world.alice).post(
        url, edit_data(world.riverside, city="Riverton", full_time_threshold="0")
    )
    assert response.status_code == 400
    assert response.context["form"].errors["full_time_threshold"]
    assert b"usa-error-message" in response.content
    world.riverside.refresh_from_db()
    assert world.riverside.city == "Columbus"


def test_the_librarys_admin_switches_on_registration_approval(world, client_for):
    url = reverse("orgs:library_update", args=[world.riverside.pk])
    client = client_for(world.alice)
    assert "registration_needs_approval" in client.get(url).content.decode()
    data = edit_data(world.riverside, registration_needs_approval="on")
    assert client.post(url, data).status_code == 302
    world.riverside.refresh_from_db()
    assert world.riverside.registration_needs_approval


def test_a_coordinator_edits_the_library_but_not_its_rules(world, client_for):
    url = reverse("orgs:library_update", args=[world.riverside.pk])
    client = client_for(world.nina)
    page = client.get(url).content.decode()
    assert "registration_needs_approval" not in page
    data = edit_data(world.riverside, city="Riverton", registration_needs_approval="on")
    assert client.post(url, data).status_code == 302
    world.riverside.refresh_from_db()
    assert world.riverside.city == "Riverton"
    assert not world.riverside.registration_needs_approval
