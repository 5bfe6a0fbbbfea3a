from decimal import Decimal

import pytest
from django.urls import reverse

from ladder.orgs.models import Branch

LIST = reverse("orgs:branch_list")


def branch_data(**overrides):
    data = {
        "name": "Westside",
        "kind": "branch",
        "address": "9 Elm St",
        "city": "Columbus",
        "postal_code": "43215",
        "latitude": "39.95",
        "longitude": "-83.1",
        "weekly_hours": "48",
        "square_feet": "",
    }
    data.update(overrides)
    return data


def test_branch_list_shows_every_branch_with_its_library(world, client_for):
    response = client_for(world.dave).get(LIST)
    assert response.status_code == 200
    names = [(b.library.name, b.name) for b in response.context["object_list"]]
    assert names == [
        ("Hillcrest College Library", "Hillcrest Library"),
        ("Riverside Public Library", "Eastside"),
        ("Riverside Public Library", "Riverside Main"),
    ]
    main = response.context["object_list"][2]
    assert main.staff_count == 3


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "east"}, ["Eastside"]),
        ({"q": "riverside"}, ["Eastside", "Riverside Main"]),
        ({"kind": "central"}, ["Riverside Main"]),
        ({"region": "south"}, ["Hillcrest Library"]),
    ],
)
def test_branch_list_searches_and_filters(world, client_for, params, expected):
    params = {k: world.south.pk if v == "south" else v for k, v in params.items()}
    response = client_for(world.bob).get(LIST, params)
    assert [b.name for b in response.context["object_list"]] == expected


def test_htmx_branch_search_gets_only_the_fragment(world, client_for):
    response = client_for(world.bob).get(
        LIST, {"q": "east"}, headers={"HX-Request": "true", "HX-Target": "branch-results"}
    )
    assert b"<html" not in response.content
    assert b"Eastside" in response.content


def test_branch_detail_shows_location_and_hours(world, client_for):
    response = client_for(world.dave).get(world.riverside_main.get_absolute_url())
    body = response.content.decode()
    assert response.status_code == 200
    assert "Riverside Public Library" in body
    assert "39.961176" in body and "-82.998794" in body
    assert "60.0" in body or "60" in body
    assert "North" in body
    assert reverse("orgs:branch_update", args=[world.riverside_main.pk]) not in body


def test_branch_detail_offers_edit_to_the_librarys_admin(world, client_for):
    body = client_for(world.alice).get(world.riverside_main.get_absolute_url()).content.decode()
    assert reverse("orgs:branch_update", args=[world.riverside_main.pk]) in body


def test_unknown_branch_is_404(world, client_for):
    client = client_for(world.alice)
    assert client.get(reverse("orgs:branch_detail", args=[99999])).status_code == 404
    assert client.get(reverse("orgs:branch_update", args=[99999])).status_code == 404
    assert client.get(reverse("orgs:branch_create", args=[99999])).status_code == 404


@pytest.mark.parametrize("who", ["carol", "bob"])
def test_others_cannot_add_a_branch_to_riverside(world, client_for, who):
    client = client_for(getattr(world, who))
    url = reverse("orgs:branch_create", args=[world.riverside.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, branch_data()).status_code == 403
    assert not Branch.objects.filter(name="Westside").exists()


def test_library_admin_adds_a_branch(world, client_for):
    url = reverse("orgs:branch_create", args=[world.riverside.pk])
    client = client_for(world.alice)
    assert client.get(url).status_code == 200

    response = client.post(url, branch_data())

    branch = Branch.objects.get(name="Westside")
    assert response.status_code == 302
    assert response["Location"] == branch.get_absolute_url()
    assert (branch.library, branch.weekly_hours) == (world.riverside, Decimal("48"))


def test_latitude_out_of_range_is_shown_on_the_latitude_field(world, client_for):
    url = reverse("orgs:branch_create", args=[world.riverside.pk])
    response = client_for(world.alice).post(url, branch_data(latitude="91"))
    assert response.status_code == 400
    assert response.context["form"].errors["latitude"]
    assert b'id="id_latitude-error-1"' in response.content
    assert not Branch.objects.filter(name="Westside").exists()


def test_duplicate_branch_name_is_shown_on_the_name_field(world, client_for):
    url = reverse("orgs:branch_create", args=[world.riverside.pk])
    response = client_for(world.alice).post(url, branch_data(name="Eastside"))
    assert response.status_code == 400
    assert "already has a branch named" in response.context["form"].errors["name"][0]


def test_other_librarys_admin_cannot_edit_riversides_branch_page(world, client_for):
    url = reverse("orgs:branch_update", args=[world.riverside_main.pk])
    client = client_for(world.carol)
    assert client.get(url).status_code == 403
    assert client.post(url, branch_data(name="Hacked")).status_code == 403
    world.riverside_main.refresh_from_db()
    assert world.riverside_main.name == "Riverside Main"


def test_library_admin_edits_a_branch(world, client_for):
    url = reverse("orgs:branch_update", args=[world.riverside_east.pk])
    client = client_for(world.alice)
    assert client.get(url).context["form"].initial["name"] == "Eastside"

    response = client.post(url, branch_data(name="Eastside", weekly_hours="52.5"))

    assert response.status_code == 302
    world.riverside_east.refresh_from_db()
    assert world.riverside_east.weekly_hours == Decimal("52.5")
