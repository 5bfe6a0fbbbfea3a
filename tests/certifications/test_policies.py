"""The certification rules (ladder.certifications.policies): who may not, by persona.

alice admins Riverside, sam supervises bob there, carol admins Hillcrest, nina coordinates
the network, bob is a page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ladder.certifications import policies
from ladder.core.access import access_for
from ladder.core.policies import allowed
from tests.policy_checks import refuses


def test_nobody_approves_their_own_certification(world):
    """Separation of duties: a library admin approves her staff, never herself."""
    alice = access_for(world.alice)
    assert allowed(policies.can_approve_pursuits, alice, world.bob)
    assert not allowed(policies.can_approve_pursuits, alice, world.alice)


def test_another_librarys_admin_and_staff_do_not_approve(world):
    assert not allowed(policies.can_approve_pursuits, access_for(world.carol), world.bob)
    assert not allowed(policies.can_approve_pursuits, access_for(world.bob), world.sam)


def test_templates_are_changed_by_nobody_and_schemes_by_their_coordinators(certs, world):
    nina, alice = access_for(world.nina), access_for(world.alice)
    assert allowed(policies.can_change_scheme, nina, certs.lssc)
    assert not allowed(policies.can_change_scheme, alice, certs.lssc)
    assert not allowed(policies.can_change_scheme, nina, certs.templates[0])
    assert not allowed(policies.can_adopt_into, alice, world.network)


def test_reports_only_on_libraries_the_caller_reaches(world):
    sam, carol = access_for(world.sam), access_for(world.carol)
    assert allowed(policies.can_report_on_library, sam, world.riverside.pk)
    assert not allowed(policies.can_report_on_library, sam, world.hillcrest.pk)
    assert not allowed(policies.can_report_on_library, carol, world.riverside.pk)
    assert not allowed(policies.can_read_report, access_for(world.bob))


@pytest.mark.parametrize("who", ["alice", "bob"])
def test_staff_and_library_admins_get_403_on_coordinator_pages(certs, world, client_for, who):
    client = client_for(getattr(world, who))
    refuses(client, "get", reverse("certifications:network_report"))
    refuses(client, "get", reverse("certifications:scheme_edit", args=[certs.lssc.pk]))
    refuses(client, "post", reverse("certifications:scheme_adopt", args=[certs.templates[0].pk]))


def test_staff_get_403_on_the_report_and_anonymous_are_sent_to_sign_in(world, client_for, client):
    refuses(client_for(world.bob), "get", reverse("certifications:report"))
    refuses(client, "get", reverse("certifications:report"), status=302)
