"""Frameworks, levels, areas and competencies: who may change them and what is refused."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ladder.core.models import AuditEntry
from ladder.skills import competencies as comp
from ladder.skills import frameworks as fw
from ladder.skills.models import (
    Area,
    Competency,
    ExternalScheme,
    ExternalTag,
    Framework,
    JobClassCompetency,
    Level,
)
from tests import factories as f

SCALE = [(0, "None", ""), (1, "Aware", "Knows of it"), (2, "Working", ""), (3, "Expert", "")]


@pytest.fixture
def buckeye_framework(world):
    return fw.framework_create(
        by=world.nina, network=world.network, name="Buckeye skills", slug="buckeye", levels=SCALE
    )


# --- creating frameworks ----------------------------------------------------------------------


def test_coordinator_creates_a_framework_for_her_network_with_its_scale(world):
    framework = fw.framework_create(
        by=world.nina,
        network=world.network,
        name="Buckeye skills",
        slug="buckeye",
        description="Ours",
        levels=list(reversed(SCALE)),
    )
    assert framework.network == world.network
    assert list(framework.levels.values_list("value", "name")) == [
        (0, "None"),
        (1, "Aware"),
        (2, "Working"),
        (3, "Expert"),
    ]
    entry = AuditEntry.objects.get(action="skills.framework.created")
    assert entry.actor == world.nina
    assert entry.changes["levels"][1] == ["0 None", "1 Aware", "2 Working", "3 Expert"]


@pytest.mark.parametrize("persona", ["bob", "alice", "carol", "sam"])
def test_staff_and_library_admins_cannot_create_frameworks(world, persona):
    with pytest.raises(PermissionDenied):
        fw.framework_create(
            by=getattr(world, persona),
            network=world.network,
            name="Mine",
            slug="mine",
            levels=SCALE,
        )
    assert not Framework.objects.exists()


def test_coordinator_cannot_create_a_shared_framework(world):
    with pytest.raises(PermissionDenied):
        fw.framework_create(by=world.nina, name="Shared", slug="shared", levels=SCALE)


def test_coordinator_cannot_create_a_framework_for_another_network(world):
    other = f.NetworkFactory()
    with pytest.raises(PermissionDenied):
        fw.framework_create(by=world.nina, network=other, name="X", slug="x", levels=SCALE)


def test_site_admin_creates_a_shared_framework(world):
    framework = fw.framework_create(by=world.root, name="Shared", slug="shared", levels=SCALE)
    assert framework.network is None


@pytest.mark.parametrize(
    ("levels", "message"),
    [
        ([(0, "None", "")], "at least two levels"),
        ([(0, "None", ""), (0, "Zero", "")], "appears twice"),
        ([(0, "None", ""), (11, "Beyond", "")], "from 0 to 10"),
        ([(0, "None", ""), (1, "", "")], "Give level 1 a name"),
    ],
)
def test_a_bad_scale_is_refused_on_the_levels_field(world, levels, message):
    with pytest.raises(ValidationError) as caught:
        fw.framework_create(by=world.root, name="S", slug="s", levels=levels)
    assert message in caught.value.message_dict["levels"][0]
    assert not Framework.objects.exists()


def test_duplicate_framework_name_and_short_name_are_refused(world, framework):
    with pytest.raises(ValidationError) as caught:
        fw.framework_create(
            by=world.root, name="test FRAMEWORK", slug="test-framework", levels=SCALE
        )
    assert set(caught.value.message_dict) == {"name", "slug"}


def test_a_bad_short_name_is_refused(world):
    with pytest.raises(ValidationError) as caught:
        fw.framework_create(by=world.root, name="S", slug="not a slug!", levels=SCALE)
    assert "slug" in caught.value.message_dict


# --- editing frameworks -----------------------------------------------------------------------


def test_nina_edits_her_networks_framework(world, buckeye_framework):
    fw.framework_update(by=world.nina, framework=buckeye_framework, description="Updated")
    buckeye_framework.refresh_from_db()
    assert buckeye_framework.description == "Updated"
    assert AuditEntry.objects.filter(action="skills.framework.updated").count() == 1


def test_nina_cannot_edit_the_shared_default_framework(world, framework):
    with pytest.raises(PermissionDenied):
        fw.framework_update(by=world.nina, framework=framework, name="Hijacked")
    framework.refresh_from_db()
    assert framework.name == "Test framework"


def test_another_networks_coordinator_cannot_edit_ninas_framework(world, buckeye_framework):
    other = f.PersonFactory()
    network = f.NetworkFactory()
    f.RoleFactory(person=other, kind="network_coordinator", network=network, library=None)
    with pytest.raises(PermissionDenied):
        fw.framework_update(by=other, framework=buckeye_framework, name="Mine now")


def test_site_admin_edits_the_shared_framework_and_chooses_the_default(
    world, framework, buckeye_framework
):
    fw.framework_update(by=world.root, framework=buckeye_framework, is_default=True)
    framework.refresh_from_db()
    buckeye_framework.refresh_from_db()
    assert buckeye_framework.is_default and not framework.is_default


def test_coordinator_cannot_make_her_framework_the_default(world, framework, buckeye_framework):
    with pytest.raises(PermissionDenied):
        fw.framework_update(by=world.nina, framework=buckeye_framework, is_default=True)


def test_unchanged_update_leaves_no_audit_entry(world, buckeye_framework):
    fw.framework_update(
        by=world.nina, framework=buckeye_framework, name="Buckeye skills", levels=SCALE
    )
    assert not AuditEntry.objects.filter(action="skills.framework.updated").exists()


def test_levels_are_renamed_added_and_removed(world, buckeye_framework):
    new_scale = [(0, "None", ""), (1, "Beginner", ""), (2, "Working", ""), (4, "Master", "")]
    fw.framework_update(by=world.nina, framework=buckeye_framework, levels=new_scale)
    assert list(buckeye_framework.levels.values_list("value", "name")) == [
        (0, "None"),
        (1, "Beginner"),
        (2, "Working"),
        (4, "Master"),
    ]


def test_a_level_in_use_by_a_requirement_cannot_be_removed(world, buckeye_framework):
    area = comp.area_create(by=world.nina, framework=buckeye_framework, code="tech", name="Tech")
    competency = comp.competency_create(
        by=world.nina, framework=buckeye_framework, area=area, code="ils", name="ILS"
    )
    JobClassCompetency.objects.create(job_class=world.page, competency=competency, level=3)
    with pytest.raises(ValidationError) as caught:
        fw.framework_update(
            by=world.nina, framework=buckeye_framework, name="Renamed", levels=SCALE[:3]
        )
    assert "3 Expert cannot be removed" in caught.value.message_dict["levels"][0]
    buckeye_framework.refresh_from_db()
    assert buckeye_framework.name == "Buckeye skills"  # nothing half-saved
    assert Level.objects.filter(framework=buckeye_framework).count() == 4


def test_unknown_framework_fields_are_a_programming_error(world, buckeye_framework):
    with pytest.raises(TypeError):
        fw.framework_update(by=world.nina, framework=buckeye_framework, network=None)


# --- areas and competencies -------------------------------------------------------------------


def test_areas_and_competencies_are_created_with_tags_and_logged(world, buckeye_framework):
    scheme = ExternalScheme.objects.create(name="LSSC", slug="lssc")
    tag = ExternalTag.objects.create(scheme=scheme, code="technology", name="Technology")
    area = comp.area_create(by=world.nina, framework=buckeye_framework, code="Tech", name=" Tech ")
    competency = comp.competency_create(
        by=world.nina,
        framework=buckeye_framework,
        area=area,
        code="ils",
        name="ILS",
        external_tags=[tag],
    )
    assert (area.code, area.name) == ("tech", "Tech")
    assert list(competency.external_tags.all()) == [tag]
    entry = AuditEntry.objects.get(action="skills.competency.created")
    assert entry.changes["external_tags"] == [[], ["lssc:technology"]]


def test_duplicate_area_code_is_refused(world, framework):
    with pytest.raises(ValidationError) as caught:
        comp.area_create(by=world.root, framework=framework, code="technology", name="Again")
    assert "code" in caught.value.message_dict


def test_duplicate_competency_code_is_refused(world, framework):
    area = framework.areas.get(code="access")
    with pytest.raises(ValidationError) as caught:
        comp.competency_create(by=world.root, framework=framework, area=area, code="ils", name="X")
    assert "already has a competency with the code “ils”" in caught.value.message_dict["code"][0]
    assert Competency.objects.filter(code="ils").count() == 1


def test_renaming_a_competency_to_a_taken_code_is_refused_and_not_half_saved(world, framework):
    competency = framework.competencies.get(code="ils")
    with pytest.raises(ValidationError):
        comp.competency_update(
            by=world.root, competency=competency, code="circulation", name="Changed"
        )
    competency.refresh_from_db()
    assert (competency.code, competency.name) == ("ils", "Ils")


def test_a_competency_cannot_sit_in_another_frameworks_area(world, framework, buckeye_framework):
    other_area = comp.area_create(by=world.nina, framework=buckeye_framework, code="x", name="X")
    with pytest.raises(ValidationError) as caught:
        comp.competency_create(
            by=world.root, framework=framework, area=other_area, code="new", name="New"
        )
    assert "area" in caught.value.message_dict


def test_missing_names_are_refused_on_the_name_field(world, framework):
    area = framework.areas.first()
    with pytest.raises(ValidationError) as caught:
        comp.competency_create(by=world.root, framework=framework, area=area, code="c", name=" ")
    assert "name" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        comp.area_create(by=world.root, framework=framework, code="a", name="")
    assert "name" in caught.value.message_dict


def test_nina_cannot_add_competencies_to_the_shared_framework(world, framework):
    with pytest.raises(PermissionDenied):
        comp.area_create(by=world.nina, framework=framework, code="mine", name="Mine")
    area = framework.areas.first()
    with pytest.raises(PermissionDenied):
        comp.competency_create(by=world.nina, framework=framework, area=area, code="c", name="C")
    with pytest.raises(PermissionDenied):
        comp.competency_update(by=world.nina, competency=framework.competencies.first(), name="X")
    with pytest.raises(PermissionDenied):
        comp.area_update(by=world.nina, area=area, name="X")


def test_competency_update_moves_area_and_changes_tags(world, framework):
    scheme = ExternalScheme.objects.create(name="LSSC", slug="lssc")
    tag = ExternalTag.objects.create(scheme=scheme, code="access-services", name="Access")
    competency = framework.competencies.get(code="ils")
    access = Area.objects.get(framework=framework, code="access")
    comp.competency_update(by=world.root, competency=competency, area=access, external_tags=[tag])
    competency.refresh_from_db()
    assert competency.area == access
    entry = AuditEntry.objects.get(action="skills.competency.updated")
    assert entry.changes["external_tags"] == [[], ["lssc:access-services"]]
    assert "area" in entry.changes
