"""interest_update and interests_for_manager: who may state and read interests, the mentor rule,
bad choices, and the filters of the supervisors' and admins' list."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ladder.core.access import access_for
from ladder.core.models import AuditEntry
from ladder.skills.interests import interest_update, interests_for_manager
from ladder.skills.models import Area, Competency, Framework, Interest
from tests import factories as f


@pytest.fixture
def ils(framework):
    return framework.competencies.get(code="ils")


@pytest.fixture
def loans(framework):
    return framework.competencies.get(code="interlibrary-loan")


# --- interest_update -------------------------------------------------------------------------


def test_bob_states_his_interests(world, ils):
    interest = interest_update(
        by=world.bob,
        person=world.bob,
        target_job_classes=[world.librarian2],
        wants_full_time=True,
        library_school=True,
        topics="  eBooks and the new ILS ",
        learn=[ils],
    )
    interest.refresh_from_db()
    assert list(interest.target_job_classes.all()) == [world.librarian2]
    assert (interest.wants_full_time, interest.wants_management, interest.library_school) == (
        True,
        False,
        True,
    )
    assert interest.topics == "eBooks and the new ILS"
    assert list(interest.learn.all()) == [ils]
    entry = AuditEntry.objects.get(action="skills.interest.updated")
    assert entry.changes["target_job_classes"] == [[], [world.librarian2.pk]]


def test_omitted_fields_stay_and_lists_are_replaced(world, ils, loans):
    interest_update(by=world.bob, person=world.bob, learn=[ils], wants_management=True)
    interest = interest_update(by=world.bob, person=world.bob, learn=[loans])
    assert list(interest.learn.all()) == [loans]
    assert interest.wants_management is True


@pytest.mark.parametrize("who", ["sam", "alice", "carol", "root"])
def test_nobody_but_the_person_states_their_interests(world, who):
    with pytest.raises(PermissionDenied):
        interest_update(by=getattr(world, who), person=world.bob, wants_full_time=True)
    assert not Interest.objects.exists()


def test_listing_competencies_to_teach_makes_a_mentor_in_the_same_save(world, ils):
    interest_update(by=world.bob, person=world.bob, teach=[ils])
    world.bob.refresh_from_db()
    assert world.bob.is_mentor is True
    changes = AuditEntry.objects.get(action="skills.interest.updated").changes
    assert changes["is_mentor"] == [False, True]


def test_clearing_what_one_teaches_keeps_the_mentor_until_they_untick_it(world, ils):
    interest_update(by=world.bob, person=world.bob, teach=[ils])
    interest_update(by=world.bob, person=world.bob, teach=[])
    world.bob.refresh_from_db()
    assert world.bob.is_mentor is True
    interest_update(by=world.bob, person=world.bob, is_mentor=False)
    world.bob.refresh_from_db()
    assert world.bob.is_mentor is False


def test_unticking_mentor_while_still_teaching_is_a_field_error_and_saves_nothing(world, ils):
    with pytest.raises(ValidationError) as exc:
        interest_update(
            by=world.bob, person=world.bob, teach=[ils], is_mentor=False, wants_full_time=True
        )
    assert "is_mentor" in exc.value.message_dict
    world.bob.refresh_from_db()
    assert world.bob.is_mentor is False
    assert not Interest.objects.exists()


def test_a_job_class_of_another_library_is_a_field_error(world):
    theirs = f.JobClassFactory(name="Hillcrest Archivist", library=world.hillcrest)
    with pytest.raises(ValidationError) as exc:
        interest_update(by=world.bob, person=world.bob, target_job_classes=[theirs])
    assert "Hillcrest Archivist" in exc.value.message_dict["target_job_classes"][0]
    assert not Interest.objects.exists()


def test_a_competency_of_another_networks_framework_is_a_field_error(world, ils):
    fw = Framework.objects.create(name="Elsewhere", slug="elsewhere", network=f.NetworkFactory())
    area = Area.objects.create(framework=fw, code="a", name="A")
    foreign = Competency.objects.create(framework=fw, area=area, code="c", name="Foreign")
    with pytest.raises(ValidationError) as exc:
        interest_update(by=world.bob, person=world.bob, learn=[ils], teach=[foreign])
    assert "teach" in exc.value.message_dict
    world.bob.refresh_from_db()
    assert not world.bob.is_mentor


def test_overlong_topics_are_a_field_error(world):
    with pytest.raises(ValidationError) as exc:
        interest_update(by=world.bob, person=world.bob, topics="x" * 2001)
    assert "topics" in exc.value.message_dict


# --- interests_for_manager -------------------------------------------------------------------


@pytest.fixture
def stated(world, ils, loans):
    """bob aims for Librarian II, wants full-time and library school, learns ILS;
    sam wants management and teaches ILS; dave (Hillcrest) wants full-time."""
    interest_update(
        by=world.bob,
        person=world.bob,
        target_job_classes=[world.librarian2],
        wants_full_time=True,
        library_school=True,
        learn=[ils],
    )
    interest_update(by=world.sam, person=world.sam, wants_management=True, teach=[ils])
    interest_update(by=world.dave, person=world.dave, wants_full_time=True, learn=[loans])


def people(access_person, **filters):
    return [i.person for i in interests_for_manager(access_for(access_person), **filters)]


def test_each_sees_their_own_people(world, stated):
    assert people(world.alice) == [world.bob, world.sam]  # admin of Riverside, not herself
    assert people(world.sam) == [world.bob]  # his report
    assert people(world.carol) == [world.dave]  # never Riverside's people
    assert people(world.bob) == []
    assert people(world.root) == [world.dave, world.bob, world.sam]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"wants_full_time": True}, ["bob"]),
        ({"wants_management": True}, ["sam"]),
        ({"library_school": True}, ["bob"]),
        ({"target_job_class": "librarian2"}, ["bob"]),
        ({"target_job_class": "manager"}, []),
        ({"learns": "ils"}, ["bob"]),
        ({"teaches": "ils"}, ["sam"]),
        ({"learns": "interlibrary-loan"}, []),
        ({"wants_full_time": True, "teaches": "ils"}, []),
    ],
)
def test_the_filters(world, framework, stated, filters, expected):
    resolved = {}
    for name, value in filters.items():
        if name == "target_job_class":
            value = getattr(world, value)
        elif name in ("learns", "teaches"):
            value = framework.competencies.get(code=value)
        resolved[name] = value
    assert people(world.alice, **resolved) == [getattr(world, p) for p in expected]


def test_a_leaver_drops_off_their_admins_list(world, stated):
    job = world.bob.employments.get()
    job.end_date = job.start_date
    job.supervisor = None
    job.save()
    assert people(world.alice) == [world.sam]
