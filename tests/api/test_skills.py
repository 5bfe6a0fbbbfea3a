"""Competency frameworks, competencies and external schemes through the API: readable by
everyone logged in. (The builders here are shared by the other skills API tests.)"""

from __future__ import annotations

from ladder.orgs.models import Network
from ladder.skills.models import (
    Area,
    Competency,
    ExternalScheme,
    ExternalTag,
    Framework,
    JobClassCompetency,
    Level,
)
from tests.api.conftest import assert_error, ids

LEVELS = [
    (0, "None", "No experience yet."),
    (1, "Aware", "Knows what it is and where to find help."),
    (2, "Working", "Does it with occasional help."),
    (3, "Proficient", "Does it alone and handles the unusual case."),
    (4, "Expert", "Teaches others and improves how it is done."),
]
AREAS = {
    "technology": ("Technology", ["core-skills", "ils", "e-resources"]),
    "access": ("Access services", ["circulation", "interlibrary-loan", "reserves"]),
}


def make_framework(
    name: str = "Library work", slug: str = "library-work", network: Network | None = None
) -> Framework:
    """A framework with levels 0-4, two areas of three competencies, and an LSSC-like scheme
    whose required Technology tag is on core-skills and ils."""
    framework = Framework.objects.create(name=name, slug=slug, network=network)
    Level.objects.bulk_create(
        Level(framework=framework, value=value, name=level_name, description=text)
        for value, level_name, text in LEVELS
    )
    for area_position, (area_code, (area_name, codes)) in enumerate(AREAS.items()):
        area = Area.objects.create(
            framework=framework, code=area_code, name=area_name, position=area_position
        )
        for position, code in enumerate(codes):
            Competency.objects.create(
                framework=framework,
                area=area,
                code=code,
                name=code.replace("-", " ").capitalize(),
                position=position,
            )
    scheme, _ = ExternalScheme.objects.get_or_create(slug="lssc", defaults={"name": "LSSC"})
    tag, _ = ExternalTag.objects.get_or_create(
        scheme=scheme, code="technology", defaults={"name": "Technology", "is_required": True}
    )
    for code in ("core-skills", "ils"):
        competency(framework, code).external_tags.add(tag)
    return framework


def competency(framework: Framework, code: str) -> Competency:
    return Competency.objects.get(framework=framework, code=code)


def test_everyone_lists_frameworks_with_their_scale(world, api_for):
    framework = make_framework()

    response = api_for(world.bob).get("frameworks")

    assert ids(response) == [framework.pk]
    item = response.json()["items"][0]
    assert [level["name"] for level in item["levels"]] == [name for _, name, _ in LEVELS]
    assert item["network_id"] is None


def test_framework_detail_lists_areas_and_competencies_in_order(world, api_for):
    framework = make_framework()

    body = api_for(world.dave).get(f"frameworks/{framework.pk}").json()

    assert [area["code"] for area in body["areas"]] == ["technology", "access"]
    assert [c["code"] for c in body["areas"][0]["competencies"]] == [
        "core-skills",
        "ils",
        "e-resources",
    ]
    core = body["areas"][0]["competencies"][0]
    assert core["external_tags"][0]["scheme"]["slug"] == "lssc"
    assert core["external_tags"][0]["is_required"] is True


def test_frameworks_filter_by_network_or_shared(world, api_for):
    shared = make_framework()
    own = make_framework("Buckeye skills", "buckeye-skills", network=world.network)
    api = api_for(world.bob)

    assert ids(api.get("frameworks", network=world.network.pk)) == [own.pk]
    assert ids(api.get("frameworks", shared="true")) == [shared.pk]


def test_unknown_framework_is_a_404(world, api_for):
    assert_error(api_for(world.bob).get("frameworks/999999"), 404, "not_found")


def test_skills_endpoints_need_authentication(world, anonymous_api):
    framework = make_framework()
    for path in (
        "frameworks",
        f"frameworks/{framework.pk}",
        "competencies",
        "external-schemes",
        f"job-classes/{world.page.pk}/competencies",
        f"people/{world.bob.pk}/ratings",
        f"people/{world.bob.pk}/skill-evidence",
    ):
        assert_error(anonymous_api.get(path), 401, "not_authenticated")


def test_competencies_filter_by_framework_area_text_and_external_tag(world, api_for):
    framework = make_framework()
    other = make_framework("Other", "other")
    api = api_for(world.bob)
    access = Area.objects.get(framework=framework, code="access")
    tag = ExternalTag.objects.get(code="technology")

    assert len(ids(api.get("competencies", framework=framework.pk))) == 6
    assert ids(api.get("competencies", area=access.pk)) == [
        competency(framework, code).pk for code in ("circulation", "interlibrary-loan", "reserves")
    ]
    assert ids(api.get("competencies", framework=framework.pk, q="LOAN")) == [
        competency(framework, "interlibrary-loan").pk
    ]
    assert set(ids(api.get("competencies", external_tag=tag.pk))) == {
        competency(fw, code).pk for fw in (framework, other) for code in ("core-skills", "ils")
    }


def test_competency_detail_names_its_framework_and_area(world, api_for):
    framework = make_framework()
    ils = competency(framework, "ils")

    body = api_for(world.bob).get(f"competencies/{ils.pk}").json()

    assert body["framework"] == {"id": framework.pk, "name": "Library work", "slug": "library-work"}
    assert body["area"]["code"] == "technology"
    assert [tag["code"] for tag in body["external_tags"]] == ["technology"]


def test_external_schemes_list_their_tags(world, api_for):
    make_framework()

    body = api_for(world.bob).get("external-schemes").json()

    assert body["items"][0]["slug"] == "lssc"
    assert body["items"][0]["tags"][0]["code"] == "technology"


# --- writes ---------------------------------------------------------------------------------

SCALE = [
    {"value": 0, "name": "None"},
    {"value": 1, "name": "Aware"},
    {"value": 2, "name": "Working", "description": "With occasional help."},
]


def test_a_coordinator_adds_a_framework_to_their_network(world, api_for):
    body = {"network": world.network.pk, "name": "Buckeye skills", "slug": "buckeye-skills"}

    response = api_for(world.nina).post("frameworks", {**body, "levels": SCALE})

    assert response.status_code == 201, response.content
    created = response.json()
    assert created["network_id"] == world.network.pk
    assert [level["value"] for level in created["levels"]] == [0, 1, 2]
    assert created["areas"] == []


def test_only_site_admins_add_a_shared_framework(world, api_for):
    body = {"name": "Shared", "slug": "shared", "levels": SCALE}

    assert_error(api_for(world.nina).post("frameworks", body), 403, "permission_denied")
    assert_error(api_for(world.alice).post("frameworks", body), 403, "permission_denied")
    assert api_for(world.root).post("frameworks", body).status_code == 201


def test_staff_cannot_add_a_framework(world, api_for):
    body = {"network": world.network.pk, "name": "Mine", "slug": "mine", "levels": SCALE}
    assert_error(api_for(world.bob).post("frameworks", body), 403)
    assert not Framework.objects.exists()


def test_a_framework_name_already_taken_is_refused_on_its_field(world, api_for):
    make_framework()
    body = {"network": world.network.pk, "name": "Library work", "slug": "x", "levels": SCALE}

    error = assert_error(api_for(world.nina).post("frameworks", body), 422, "validation_error")

    assert "name" in error["fields"]
    assert Framework.objects.count() == 1


def test_a_scale_needs_two_levels(world, api_for):
    body = {"network": world.network.pk, "name": "One", "slug": "one", "levels": SCALE[:1]}
    error = assert_error(api_for(world.nina).post("frameworks", body), 422)
    assert list(error["fields"]) == ["levels"]


def test_a_coordinator_edits_their_networks_framework_but_not_a_shared_one(world, api_for):
    own = make_framework("Buckeye skills", "buckeye-skills", network=world.network)
    shared = make_framework()
    api = api_for(world.nina)

    response = api.patch(f"frameworks/{own.pk}", {"description": "Ours."})

    assert response.status_code == 200, response.content
    assert response.json()["description"] == "Ours."
    assert_error(api.patch(f"frameworks/{shared.pk}", {"description": "x"}), 403)
    assert_error(api_for(world.carol).patch(f"frameworks/{own.pk}", {"description": "x"}), 403)
    shared.refresh_from_db()
    assert shared.description == ""


def test_a_level_in_use_cannot_be_dropped_from_the_scale(world, api_for):
    framework = make_framework()
    f_ils = competency(framework, "ils")
    JobClassCompetency.objects.create(job_class=world.page, competency=f_ils, level=4)

    response = api_for(world.root).patch(f"frameworks/{framework.pk}", {"levels": SCALE})

    assert "levels" in assert_error(response, 422)["fields"]
    assert framework.levels.count() == 5


def test_areas_and_competencies_are_added_and_changed(world, api_for):
    framework = make_framework("Buckeye skills", "buckeye-skills", network=world.network)
    tag = ExternalTag.objects.get(code="technology")
    api = api_for(world.nina)

    area = api.post(f"frameworks/{framework.pk}/areas", {"code": "youth", "name": "Youth"})
    assert area.status_code == 201, area.content
    area_id = area.json()["id"]
    created = api.post(
        f"frameworks/{framework.pk}/competencies",
        {"area": area_id, "code": "story-time", "name": "Story time", "external_tags": [tag.pk]},
    )
    assert created.status_code == 201, created.content
    assert created.json()["area"]["code"] == "youth"
    assert created.json()["external_tags"][0]["code"] == "technology"

    changed = api.patch(
        f"competencies/{created.json()['id']}", {"name": "Story times", "external_tags": []}
    )
    assert changed.status_code == 200, changed.content
    assert (changed.json()["name"], changed.json()["external_tags"]) == ("Story times", [])
    renamed = api.patch(f"areas/{area_id}", {"name": "Youth services"})
    assert renamed.json()["name"] == "Youth services"
    assert [c["code"] for c in renamed.json()["competencies"]] == ["story-time"]


def test_a_competency_must_use_an_area_of_its_framework(world, api_for):
    framework = make_framework("Buckeye skills", "buckeye-skills", network=world.network)
    elsewhere = Area.objects.get(framework=make_framework(), code="access")

    response = api_for(world.nina).post(
        f"frameworks/{framework.pk}/competencies",
        {"area": elsewhere.pk, "code": "x", "name": "X"},
    )

    assert list(assert_error(response, 422)["fields"]) == ["area"]
    assert not Competency.objects.filter(code="x").exists()


def test_an_unknown_area_or_tag_is_a_field_error(world, api_for):
    framework = make_framework("Buckeye skills", "buckeye-skills", network=world.network)
    area = Area.objects.filter(framework=framework).first()
    api = api_for(world.nina)
    base = {"area": area.pk, "code": "x", "name": "X"}
    url = f"frameworks/{framework.pk}/competencies"

    assert list(assert_error(api.post(url, {**base, "area": 999999}), 422)["fields"]) == ["area"]
    error = assert_error(api.post(url, {**base, "external_tags": [999999]}), 422)
    assert list(error["fields"]) == ["external_tags"]


def test_staff_cannot_change_areas_or_competencies(world, api_for):
    framework = make_framework()
    ils = competency(framework, "ils")
    api = api_for(world.bob)

    assert_error(api.patch(f"competencies/{ils.pk}", {"name": "x"}), 403)
    assert_error(api.patch(f"areas/{ils.area_id}", {"name": "x"}), 403)
    assert_error(api.post(f"frameworks/{framework.pk}/areas", {"code": "x", "name": "X"}), 403)
    ils.refresh_from_db()
    assert ils.name == "Ils"
