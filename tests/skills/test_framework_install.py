"""The shipped framework for library work and the LSSC scheme: installed, idempotent, complete."""

import io

import pytest
from django.core.management import call_command

from ladder.core.models import AuditEntry
from ladder.skills import default_framework as data
from ladder.skills.framework_install import install_default_framework
from ladder.skills.models import Area, Competency, ExternalScheme, ExternalTag, Framework, Level

# The areas issue 3 lists, each as the installed area's code.
LISTED_AREAS = {
    "foundations of library service": "foundations",
    "communication and teamwork": "communication",
    "technology: core skills": "technology-core",
    "technology: ILS and systems": "technology-systems",
    "technology: e-resources and eReaders": "technology-eresources",
    "access services and circulation": "access-services",
    "interlibrary loan": "interlibrary-loan",
    "reserves and copyright": "reserves-copyright",
    "adult readers' advisory": "readers-advisory",
    "cataloguing and classification": "cataloguing",
    "collection management and weeding": "collection-management",
    "reference and information services": "reference",
    "youth services": "youth-services",
    "supervision and management": "supervision",
    "programming and community engagement": "programming",
}


def counts():
    return (
        Framework.objects.count(),
        Level.objects.count(),
        Area.objects.count(),
        Competency.objects.count(),
        ExternalScheme.objects.count(),
        ExternalTag.objects.count(),
        Competency.external_tags.through.objects.count(),
    )


@pytest.mark.django_db
def test_install_creates_the_default_framework_with_its_scale():
    framework = install_default_framework()
    assert framework.is_default and framework.network is None
    assert list(framework.levels.values_list("value", "name")) == [
        (0, "None"),
        (1, "Aware"),
        (2, "Working"),
        (3, "Proficient"),
        (4, "Expert"),
    ]
    assert all(level.description for level in framework.levels.all())


@pytest.mark.django_db
def test_install_covers_every_area_the_issue_lists():
    framework = install_default_framework()
    codes = set(framework.areas.values_list("code", flat=True))
    missing = {name for name, code in LISTED_AREAS.items() if code not in codes}
    assert not missing
    for area in framework.areas.all():
        assert area.competencies.count() >= 4, area.name
    assert all(c.description for c in framework.competencies.all())
    supervision = framework.areas.get(code="supervision").competencies
    assert supervision.filter(code="sup-volunteers").exists()
    assert supervision.filter(code="sup-student-workers").exists()


@pytest.mark.django_db
def test_install_ships_the_ten_lssc_sets_three_required():
    install_default_framework()
    scheme = ExternalScheme.objects.get(slug="ala-apa-lssc")
    tags = scheme.tags.all()
    assert tags.count() == 10
    assert set(tags.filter(is_required=True).values_list("name", flat=True)) == {
        "Foundations of Library Service",
        "Communication & Teamwork",
        "Technology",
    }
    assert set(tags.filter(is_required=False).values_list("name", flat=True)) == {
        "Access Services",
        "Adult Readers' Advisory",
        "Cataloging & Classification",
        "Collection Management",
        "Reference & Information Services",
        "Supervision & Management",
        "Youth Services",
    }


@pytest.mark.django_db
def test_every_lssc_set_is_mapped_to_default_competencies():
    framework = install_default_framework()
    for tag in ExternalTag.objects.filter(scheme__slug="ala-apa-lssc"):
        assert tag.competencies.filter(framework=framework).count() >= 3, tag.name
    # And most competencies map somewhere.
    untagged = framework.competencies.filter(external_tags__isnull=True).count()
    assert untagged <= 2


@pytest.mark.django_db
def test_install_twice_changes_nothing_and_logs_once():
    install_default_framework()
    before = counts()
    install_default_framework()
    assert counts() == before
    assert AuditEntry.objects.filter(action="skills.framework.installed").count() == 1


@pytest.mark.django_db
def test_install_restores_shipped_text_and_keeps_local_additions():
    framework = install_default_framework()
    shipped = framework.competencies.get(code="ill-lending")
    shipped.name = "Changed locally"
    shipped.save()
    shipped.external_tags.clear()
    area = framework.areas.get(code="interlibrary-loan")
    Competency.objects.create(framework=framework, area=area, code="local", name="Local one")

    install_default_framework()

    shipped.refresh_from_db()
    assert shipped.name == "Lending to other libraries"
    assert shipped.external_tags.filter(code="access-services").exists()
    assert framework.competencies.filter(code="local").exists()


@pytest.mark.django_db
def test_install_does_not_take_the_default_from_a_chosen_one():
    chosen = Framework.objects.create(name="Ours", slug="ours", is_default=True)
    framework = install_default_framework()
    assert not framework.is_default
    chosen.refresh_from_db()
    assert chosen.is_default


@pytest.mark.django_db
def test_shipped_codes_are_unique():
    codes = [c.code for area in data.AREAS for c in area.competencies]
    assert len(codes) == len(set(codes))
    assert len({a.code for a in data.AREAS}) == len(data.AREAS)
    known = {code for code, _, _ in data.LSSC_SETS}
    for area in data.AREAS:
        for item in area.competencies:
            assert set(area.tags_of(item)) <= known


@pytest.mark.django_db
def test_install_framework_command_is_idempotent():
    out = io.StringIO()
    call_command("install_framework", stdout=out)
    assert "Installed Library work" in out.getvalue()
    before = counts()
    out = io.StringIO()
    call_command("install_framework", stdout=out)
    assert "already up to date" in out.getvalue()
    assert counts() == before
