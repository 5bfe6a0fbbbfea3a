"""The 'API tokens' section of one's own profile."""

from ladder.people.models import ApiToken
from ladder.people.tokens import api_token_authenticate, api_token_create


def test_own_profile_has_the_token_section_others_do_not(world, client_for):
    own = client_for(world.bob).get(f"/people/{world.bob.pk}/").content.decode()
    assert 'id="api-tokens"' in own
    other = client_for(world.alice).get(f"/people/{world.bob.pk}/").content.decode()
    assert 'id="api-tokens"' not in other


def test_creating_a_token_shows_it_once(world, client_for):
    client = client_for(world.bob)
    response = client.post("/people/me/tokens/add/", {"name": "Reporting sheet"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    raw = response.context["raw"]
    assert raw in response.content.decode()
    assert api_token_authenticate(raw) == world.bob
    profile = client.get(f"/people/{world.bob.pk}/").content.decode()
    assert "Reporting sheet" in profile
    assert raw not in profile


def test_blank_token_name_is_refused_with_a_message(world, client_for):
    response = client_for(world.bob).post("/people/me/tokens/add/", {"name": ""}, follow=True)
    assert not ApiToken.objects.exists()
    assert "This field is required." in response.content.decode()


def test_token_pages_need_post(world, client_for):
    assert client_for(world.bob).get("/people/me/tokens/add/").status_code == 405


def test_person_revokes_their_own_token(world, client_for):
    token, raw = api_token_create(by=world.bob, name="old script")
    response = client_for(world.bob).post(f"/people/me/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    assert api_token_authenticate(raw) is None


def test_nobody_revokes_someone_elses_token(world, client_for):
    token, raw = api_token_create(by=world.bob, name="bob's")
    for who in (world.alice, world.sam, world.carol):
        assert client_for(who).post(f"/people/me/tokens/{token.pk}/revoke/").status_code == 404
    assert api_token_authenticate(raw) == world.bob
