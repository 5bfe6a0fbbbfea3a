"""core.access knows no model: the Access of a user comes from the resolver that
settings.ACCESS_RESOLVER names (ladder.people.access.compute_access)."""

from __future__ import annotations

from types import SimpleNamespace

from ladder.core.access import Access, access_for

SEEN: list[object] = []


def fake_resolver(user: object) -> Access:
    SEEN.append(user)
    return Access(person_id=42, coordinator_network_ids=frozenset({7}))


def test_access_comes_from_the_configured_resolver(settings):
    SEEN.clear()
    settings.ACCESS_RESOLVER = "tests.core.test_access_resolver.fake_resolver"
    user = SimpleNamespace(is_authenticated=True)
    access = access_for(user)
    assert access.person_id == 42 and access.can_coordinate(7)
    assert SEEN.count(user) == 1 and len(SEEN) == 1
    assert access_for(user) is access  # cached on the user for the request
    assert SEEN.count(user) == 1 and len(SEEN) == 1


def test_the_default_resolver_reads_roles_from_the_database(world):
    access = access_for(world.root)
    assert access.is_site_admin and access.person_id == world.root.pk
