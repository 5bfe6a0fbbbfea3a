"""Django admin: every learning model opens for the site admin, and only for them."""

import pytest
from django.urls import reverse

MODELS = [
    "offering",
    "offeringcompetency",
    "session",
    "sessiondate",
    "registration",
    "trainingrecord",
    "trainingcompetency",
    "certificate",
    "feedback",
]


@pytest.mark.parametrize("model", MODELS)
def test_site_admin_opens_each_learning_admin_list_and_form(world, catalogue, client_for, model):
    client = client_for(world.root)
    assert client.get(reverse(f"admin:learning_{model}_changelist"), {"q": "a"}).status_code == 200
    assert client.get(reverse(f"admin:learning_{model}_add")).status_code == 200


def test_session_change_page_shows_its_dates(world, catalogue, client_for):
    url = reverse("admin:learning_session_change", args=[catalogue.riverside_series.pk])
    response = client_for(world.root).get(url)
    assert response.status_code == 200
    assert len(response.context["inline_admin_formsets"][0].forms) >= 2


def test_library_admins_are_kept_out_of_django_admin(world, client_for):
    response = client_for(world.alice).get(reverse("admin:learning_offering_changelist"))
    assert response.status_code == 302
