import pytest
from django.urls import reverse


@pytest.mark.parametrize("model", ["network", "region", "library", "membership", "branch", "role"])
def test_site_admin_opens_each_orgs_admin_list_and_form(world, client_for, model):
    client = client_for(world.root)
    assert client.get(reverse(f"admin:orgs_{model}_changelist"), {"q": "a"}).status_code == 200
    assert client.get(reverse(f"admin:orgs_{model}_add")).status_code == 200


def test_library_admin_change_page_shows_branches_and_memberships(world, client_for):
    url = reverse("admin:orgs_library_change", args=[world.riverside.pk])
    body = client_for(world.root).get(url).content.decode()
    assert "Riverside Main" in body
    assert "Buckeye Library Network" in body
