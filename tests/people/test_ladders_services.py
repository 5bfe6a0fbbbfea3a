"""Ladder services: templates, a library's own ladders, adopting and copying."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ladder.core.models import AuditEntry
from ladder.people import ladders
from ladder.people.models import Ladder
from tests import factories as f


@pytest.fixture
def template(world):
    return ladders.ladder_create(
        by=world.nina,
        network=world.network,
        name="Buckeye career ladder",
        job_classes=[world.page, world.assistant, world.librarian2, world.manager],
    )


@pytest.fixture
def riverside_own(world):
    return f.JobClassFactory(name="Outreach Specialist", code="outreach", library=world.riverside)


@pytest.fixture
def hillcrest_own(world):
    return f.JobClassFactory(name="Archives Technician", code="archives", library=world.hillcrest)


def steps_of(ladder):
    return [jc.code for jc in ladders.ladder_job_classes(ladder)]


# --- creating -------------------------------------------------------------------------------


def test_coordinator_creates_a_template_ladder_with_ordered_steps(world, template):
    assert template.is_template
    assert template.network == world.network
    assert steps_of(template) == ["page", "library-assistant", "librarian-ii", "branch-manager"]
    assert list(template.steps.values_list("position", flat=True)) == [1, 2, 3, 4]
    entry = AuditEntry.objects.get(action="people.ladder.created")
    assert entry.changes["steps"][0] == []
    assert len(entry.changes["steps"][1]) == 4


def test_library_admin_creates_a_ladder_from_templates_and_own_classes(world, riverside_own):
    ladder = ladders.ladder_create(
        by=world.alice,
        library=world.riverside,
        name="Riverside ladder",
        job_classes=[world.page, riverside_own, world.librarian2],
    )
    assert ladder.library == world.riverside
    assert steps_of(ladder) == ["page", "outreach", "librarian-ii"]


def test_ladder_with_a_job_class_of_another_library_is_rejected(world, hillcrest_own):
    with pytest.raises(ValidationError) as exc:
        ladders.ladder_create(
            by=world.alice,
            library=world.riverside,
            name="Riverside ladder",
            job_classes=[world.page, hillcrest_own],
        )
    assert "Archives Technician" in exc.value.message_dict["job_classes"][0]
    assert not Ladder.objects.filter(name="Riverside ladder").exists()


def test_template_ladder_cannot_use_a_librarys_own_class(world, riverside_own):
    with pytest.raises(ValidationError) as exc:
        ladders.ladder_create(
            by=world.nina, network=world.network, name="T", job_classes=[riverside_own]
        )
    assert "job_classes" in exc.value.message_dict


def test_library_ladder_cannot_use_templates_of_a_network_it_is_not_in(world):
    foreign = f.JobClassFactory(name="Foreign page", network=f.NetworkFactory())
    with pytest.raises(ValidationError):
        ladders.ladder_create(
            by=world.alice, library=world.riverside, name="R", job_classes=[foreign]
        )


def test_the_same_job_class_twice_is_rejected(world):
    with pytest.raises(ValidationError) as exc:
        ladders.ladder_create(
            by=world.nina,
            network=world.network,
            name="T",
            job_classes=[world.page, world.assistant, world.page],
        )
    assert "more than once" in exc.value.message_dict["job_classes"][0]


def test_ladder_names_are_unique_per_owner(world, template):
    with pytest.raises(ValidationError) as exc:
        ladders.ladder_create(
            by=world.nina, network=world.network, name="buckeye CAREER ladder", job_classes=[]
        )
    assert "name" in exc.value.message_dict
    # Another owner may reuse the name.
    ladders.ladder_create(
        by=world.alice, library=world.riverside, name="Buckeye career ladder", job_classes=[]
    )


@pytest.mark.parametrize("who", ["bob", "sam", "carol"])
def test_people_who_do_not_administer_riverside_cannot_create_its_ladder(world, who):
    with pytest.raises(PermissionDenied):
        ladders.ladder_create(
            by=getattr(world, who), library=world.riverside, name="R", job_classes=[world.page]
        )


def test_library_admin_cannot_create_a_template_ladder(world):
    with pytest.raises(PermissionDenied):
        ladders.ladder_create(by=world.alice, network=world.network, name="T", job_classes=[])


# --- changing steps -------------------------------------------------------------------------


def test_setting_steps_reorders_adds_and_removes_with_an_audit_of_old_and_new(world, template):
    ladders.ladder_set_steps(
        by=world.nina, ladder=template, job_classes=[world.assistant, world.page, world.manager]
    )
    assert steps_of(template) == ["library-assistant", "page", "branch-manager"]
    assert list(template.steps.values_list("position", flat=True)) == [1, 2, 3]
    entry = AuditEntry.objects.get(action="people.ladder.steps_changed")
    old, new = entry.changes["steps"]
    assert old == [
        "Page [page]",
        "Library Assistant [library-assistant]",
        "Librarian II [librarian-ii]",
        "Branch Manager [branch-manager]",
    ]
    assert new == [
        "Library Assistant [library-assistant]",
        "Page [page]",
        "Branch Manager [branch-manager]",
    ]
    assert entry.actor == world.nina


def test_setting_the_same_steps_writes_no_audit_entry(world, template):
    ladders.ladder_set_steps(
        by=world.nina,
        ladder=template,
        job_classes=[world.page, world.assistant, world.librarian2, world.manager],
    )
    assert not AuditEntry.objects.filter(action="people.ladder.steps_changed").exists()


def test_library_admin_cannot_change_the_template(world, template):
    with pytest.raises(PermissionDenied):
        ladders.ladder_set_steps(by=world.alice, ladder=template, job_classes=[world.page])
    assert len(steps_of(template)) == 4


def test_other_library_admin_and_coordinator_cannot_change_riversides_ladder(world):
    own = ladders.ladder_create(
        by=world.alice, library=world.riverside, name="R", job_classes=[world.page]
    )
    for intruder in (world.carol, world.nina, world.bob):
        with pytest.raises(PermissionDenied):
            ladders.ladder_set_steps(by=intruder, ladder=own, job_classes=[])
    assert steps_of(own) == ["page"]


def test_rejected_steps_leave_the_ladder_unchanged(world, template, hillcrest_own):
    with pytest.raises(ValidationError):
        ladders.ladder_set_steps(by=world.nina, ladder=template, job_classes=[hillcrest_own])
    assert len(steps_of(template)) == 4


# --- adopting -------------------------------------------------------------------------------


def test_library_admin_adopts_the_network_template(world, template):
    library = ladders.ladder_adopt(by=world.alice, library=world.riverside, ladder=template)
    world.riverside.refresh_from_db()
    assert library.ladder == template
    assert world.riverside.ladder == template
    entry = AuditEntry.objects.get(action="people.ladder.adopted")
    assert entry.changes["ladder"] == [None, template.pk]
    assert entry.object_id == str(world.riverside.pk)


def test_other_library_admin_cannot_choose_riversides_ladder(world, template):
    with pytest.raises(PermissionDenied):
        ladders.ladder_adopt(by=world.carol, library=world.riverside, ladder=template)
    with pytest.raises(PermissionDenied):
        ladders.ladder_adopt(by=world.nina, library=world.riverside, ladder=template)
    world.riverside.refresh_from_db()
    assert world.riverside.ladder is None


def test_a_library_cannot_adopt_another_librarys_ladder(world):
    hillcrest_ladder = ladders.ladder_create(
        by=world.carol, library=world.hillcrest, name="H", job_classes=[world.page]
    )
    with pytest.raises(ValidationError) as exc:
        ladders.ladder_adopt(by=world.alice, library=world.riverside, ladder=hillcrest_ladder)
    assert "ladder" in exc.value.message_dict


def test_a_library_cannot_adopt_the_template_of_a_network_it_is_not_in(world):
    other = f.NetworkFactory()
    foreign = f.LadderFactory(network=other)
    with pytest.raises(ValidationError):
        ladders.ladder_adopt(by=world.alice, library=world.riverside, ladder=foreign)


# --- copying --------------------------------------------------------------------------------


def test_copy_belongs_to_the_library_keeps_the_steps_and_is_adopted(world, template):
    copy = ladders.ladder_copy(by=world.alice, library=world.riverside, ladder=template)
    world.riverside.refresh_from_db()
    assert copy.library == world.riverside
    assert copy.network is None
    assert copy.copied_from == template
    assert copy.name == "Buckeye career ladder (Riverside Public Library)"
    assert steps_of(copy) == steps_of(template)
    assert world.riverside.ladder == copy
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"people.ladder.copied", "people.ladder.adopted"} <= actions


def test_copy_is_independent_of_the_template_afterwards(world, template, riverside_own):
    copy = ladders.ladder_copy(
        by=world.alice, library=world.riverside, ladder=template, name="Riverside ladder"
    )
    # The network changes its template; the library's copy keeps its steps.
    ladders.ladder_set_steps(by=world.nina, ladder=template, job_classes=[world.page])
    assert steps_of(copy) == ["page", "library-assistant", "librarian-ii", "branch-manager"]
    # The library changes its copy; the template keeps its steps.
    ladders.ladder_set_steps(
        by=world.alice, ladder=copy, job_classes=[world.page, riverside_own, world.manager]
    )
    assert steps_of(template) == ["page"]
    assert steps_of(copy) == ["page", "outreach", "branch-manager"]


def test_copying_twice_gives_distinct_names(world, template):
    first = ladders.ladder_copy(by=world.alice, library=world.riverside, ladder=template)
    second = ladders.ladder_copy(by=world.alice, library=world.riverside, ladder=template)
    assert first.name != second.name
    assert second.name.endswith(" 2")


def test_a_copy_with_a_taken_name_is_rejected(world, template):
    ladders.ladder_copy(by=world.alice, library=world.riverside, ladder=template, name="Mine")
    with pytest.raises(ValidationError) as exc:
        ladders.ladder_copy(by=world.alice, library=world.riverside, ladder=template, name="mine")
    assert "name" in exc.value.message_dict


def test_staff_and_other_admins_cannot_copy_for_riverside(world, template):
    for intruder in (world.bob, world.carol, world.nina):
        with pytest.raises(PermissionDenied):
            ladders.ladder_copy(by=intruder, library=world.riverside, ladder=template)
    assert not Ladder.objects.filter(library=world.riverside).exists()


def test_a_library_cannot_copy_another_librarys_ladder(world, hillcrest_own):
    hillcrest_ladder = ladders.ladder_create(
        by=world.carol, library=world.hillcrest, name="H", job_classes=[hillcrest_own]
    )
    with pytest.raises(ValidationError):
        ladders.ladder_copy(by=world.alice, library=world.riverside, ladder=hillcrest_ladder)
