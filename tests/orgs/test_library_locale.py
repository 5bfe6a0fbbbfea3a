"""A library's NCES locale (the equity report's town/rural split) is editable on its page and
through the API."""

import json

from django.urls import reverse

from ladder.orgs.models import Library
from tests.orgs.test_library_views import edit_data


def test_library_admin_sets_the_locale_on_the_edit_page(world, client_for):
    client = client_for(world.alice)
    url = reverse("orgs:library_update", args=[world.riverside.pk])
    assert 'name="locale"' in client.get(url).content.decode()
    response = client.post(url, edit_data(world.riverside, locale="42"))
    assert response.status_code == 302, response.content[:500]
    world.riverside.refresh_from_db()
    assert world.riverside.locale == "42" and world.riverside.locale_group == "rural"
    assert "Rural, distant" in client.get(world.riverside.get_absolute_url()).content.decode()
    client.post(url, edit_data(world.riverside, locale=""))
    world.riverside.refresh_from_db()
    assert world.riverside.locale == ""


def test_a_locale_that_is_no_code_is_refused_on_the_page(world, client_for):
    url = reverse("orgs:library_update", args=[world.riverside.pk])
    response = client_for(world.alice).post(url, edit_data(world.riverside, locale="99"))
    assert response.status_code == 400
    assert "locale" in response.context["form"].errors


def test_locale_through_the_api(world, client_for):
    client = client_for(world.alice)
    url = f"/api/v1/libraries/{world.riverside.pk}"
    response = client.patch(url, json.dumps({"locale": "31"}), content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["locale"] == "31"
    assert Library.objects.get(pk=world.riverside.pk).locale_group == "town"
    bad = client.patch(url, json.dumps({"locale": "51"}), content_type="application/json")
    assert bad.status_code == 422
    assert "locale" in bad.json()["error"]["fields"]
    cleared = client.patch(url, json.dumps({"locale": ""}), content_type="application/json")
    assert cleared.json()["locale"] == ""
