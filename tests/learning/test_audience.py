"""Who an offering is for (in_audience) and who sees it in the catalogue."""

import datetime as dt

import pytest

from ladder.core.access import access_for
from ladder.learning.audience import in_audience, offerings_visible_to
from ladder.learning.models import Offering
from ladder.orgs.models import Membership
from tests import factories as f
from tests.learning.conftest import Catalogue, make_session


def _visible(person) -> set[str]:
    return set(offerings_visible_to(access_for(person)).values_list("title", flat=True))


def test_library_offering_is_open_to_all_its_staff_pages_included(world, catalogue):
    assert in_audience(world.bob, catalogue.riverside_training) == (True, "")
    assert in_audience(world.sam, catalogue.riverside_training) == (True, "")


def test_library_offering_is_not_for_another_librarys_staff(world, catalogue):
    ok, reason = in_audience(world.dave, catalogue.riverside_training)
    assert not ok
    assert "Riverside Public Library" in reason


def test_network_offering_is_open_to_staff_of_every_member_library(world, catalogue):
    assert in_audience(world.bob, catalogue.network_workshop)[0]
    assert in_audience(world.dave, catalogue.network_workshop)[0]


def test_a_coordinator_without_a_job_is_not_in_the_audience(world, catalogue):
    ok, reason = in_audience(world.nina, catalogue.network_workshop)
    assert not ok
    assert "no current job" in reason


def test_staff_of_a_library_that_left_the_network_are_not_in_its_audience(world, catalogue):
    Membership.objects.filter(library=world.hillcrest).update(left_on=dt.date(2020, 1, 1))
    assert not in_audience(world.dave, catalogue.network_workshop)[0]


def test_a_job_class_restriction_shows_its_reason_to_those_left_out(world, catalogue):
    offering = catalogue.network_workshop
    offering.restriction_reason = "Covers the ILL module only assistants use."
    offering.save()
    offering.audience_job_classes.set([world.assistant])
    assert in_audience(world.dave, offering) == (True, "")
    assert in_audience(world.bob, offering) == (False, "Covers the ILL module only assistants use.")


def test_a_library_restriction_lets_in_only_that_librarys_staff(world, catalogue):
    offering = catalogue.network_workshop
    offering.restriction_reason = "Hillcrest's own ILL system."
    offering.save()
    offering.audience_libraries.set([world.hillcrest])
    assert in_audience(world.dave, offering)[0]
    assert in_audience(world.bob, offering) == (False, "Hillcrest's own ILL system.")


def test_someone_with_two_jobs_qualifies_through_either(world, catalogue):
    f.EmploymentFactory(
        person=world.bob, library=world.hillcrest, job_class=world.assistant, weekly_hours=10
    )
    offering = catalogue.network_workshop
    offering.restriction_reason = "Assistants only."
    offering.save()
    offering.audience_job_classes.set([world.assistant])
    assert in_audience(world.bob, offering)[0]


def test_catalogue_shows_a_librarys_offering_only_to_its_staff_and_owners(world, catalogue):
    title = catalogue.riverside_training.title
    assert title in _visible(world.bob)
    assert title in _visible(world.alice)
    assert title not in _visible(world.carol)
    assert title not in _visible(world.dave)
    assert title in _visible(world.root)


def test_catalogue_shows_restricted_offerings_to_those_left_out_so_they_see_why(world, catalogue):
    offering = catalogue.network_workshop
    offering.restriction_reason = "Assistants only."
    offering.save()
    offering.audience_job_classes.set([world.assistant])
    assert offering.title in _visible(world.bob)


def test_unpublished_offerings_are_seen_only_by_their_owners(world, catalogue):
    Offering.objects.filter(pk=catalogue.webinar.pk).update(is_published=False)
    assert catalogue.webinar.title not in _visible(world.bob)
    assert catalogue.webinar.title in _visible(world.nina)
    assert catalogue.webinar.title not in _visible(world.alice)


def test_a_facilitator_from_elsewhere_sees_the_offering(world, catalogue: Catalogue):
    make_session(
        catalogue.riverside_training,
        [(catalogue.riverside_series.starts_at, catalogue.riverside_series.ends_at)],
        venue_branch=world.riverside_main,
        facilitators=[world.dave],
    )
    assert catalogue.riverside_training.title in _visible(world.dave)


@pytest.mark.parametrize("who", ["carol", "dave"])
def test_hillcrest_people_do_not_see_riverside_offerings(world, catalogue, who):
    assert catalogue.riverside_training.title not in _visible(getattr(world, who))
