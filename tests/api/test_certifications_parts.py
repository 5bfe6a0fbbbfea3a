"""API: a network scheme's parts, categories and conversion factors (coordinators only)."""

from __future__ import annotations

import datetime as dt

import pytest

from ladder.certifications.models import SchemePart
from ladder.certifications.services import pursuit_record_part, pursuit_start
from ladder.core.models import AuditEntry
from ladder.orgs.models import Role
from tests import factories as f
from tests.api.conftest import assert_error
from tests.certifications.conftest import certs, give_degree, lssc_tags  # noqa: F401

TODAY = dt.date.today()


def _base(scheme) -> str:
    return f"certifications/schemes/{scheme.pk}"


def test_add_update_remove_part(certs, world, api_for, lssc_tags):  # noqa: F811
    api = api_for(world.nina)
    base = _base(certs.lssc)
    created = api.post(
        f"{base}/parts",
        {"code": "outreach", "name": "Outreach", "external_tag_id": lssc_tags["technology"].pk},
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["code"] == "outreach" and body["is_required"] is False
    assert body["external_tag"] == "technology"
    assert body["external_tag_id"] == lssc_tags["technology"].pk
    part_id = body["id"]
    changed = api.patch(
        f"{base}/parts/{part_id}", {"name": "Community outreach", "external_tag_id": None}
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["name"] == "Community outreach"
    assert changed.json()["external_tag"] is None
    detail = api.get(base).json()
    assert len(detail["parts"]) == 11
    assert api.delete(f"{base}/parts/{part_id}").status_code == 204
    assert not SchemePart.objects.filter(pk=part_id).exists()
    actions = set(
        AuditEntry.objects.filter(action__startswith="certifications.part.").values_list(
            "action", flat=True
        )
    )
    assert actions == {
        "certifications.part.added",
        "certifications.part.updated",
        "certifications.part.removed",
    }


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"code": "technology", "name": "Dup"}, "code"),
        ({"code": "bad code", "name": "X"}, "code"),
        ({"code": "x", "name": ""}, "name"),
        ({"code": "x", "name": "X", "external_tag_id": 999999}, "external_tag_id"),
    ],
)
def test_add_part_bad_input_is_422_naming_the_field(certs, world, api_for, body, field):  # noqa: F811
    error = assert_error(api_for(world.nina).post(f"{_base(certs.lssc)}/parts", body), 422)
    assert field in error["fields"]


def test_unsatisfiable_parts_are_422(certs, world, api_for):  # noqa: F811
    api = api_for(world.nina)
    base = _base(certs.lssc)
    electives = list(certs.lssc.parts.filter(is_required=False).order_by("position"))
    for part in electives[:4]:
        assert api.delete(f"{base}/parts/{part.pk}").status_code == 204
    error = assert_error(api.delete(f"{base}/parts/{electives[4].pk}"), 422)
    assert "could never be completed" in error["fields"]["part"][0]
    error = assert_error(api.patch(f"{base}/parts/{electives[4].pk}", {"is_required": True}), 422)
    assert "is_required" in error["fields"]
    assert certs.lssc.parts.filter(is_required=False).count() == 3


def test_removing_a_completed_part_is_422(certs, world, api_for):  # noqa: F811
    part = certs.lssc.parts.filter(is_required=False).first()
    give_degree(world.bob)
    pursuit = pursuit_start(by=world.bob, person=world.bob, scheme=certs.lssc)
    pursuit_record_part(
        by=world.alice, pursuit=pursuit, part=part, method="portfolio", completed_on=TODAY
    )
    error = assert_error(api_for(world.nina).delete(f"{_base(certs.lssc)}/parts/{part.pk}"), 422)
    assert "completed for 1 person" in error["fields"]["part"][0]


def test_categories(certs, world, api_for):  # noqa: F811
    api = api_for(world.nina)
    base = _base(certs.lssc)
    created = api.post(
        f"{base}/categories", {"code": "reference", "name": "Reference", "min_hours": "2"}
    )
    assert created.status_code == 201, created.content
    assert created.json() == {"code": "reference", "name": "Reference", "min_hours": "2.0"}
    changed = api.patch(f"{base}/categories/reference", {"min_hours": "3.5", "code": "ref"})
    assert changed.status_code == 200 and changed.json()["min_hours"] == "3.5"
    assert_error(api.patch(f"{base}/categories/reference", {"min_hours": "1"}), 404)
    for bad, message in [("-1", "negative"), ("33", "exceeds")]:
        error = assert_error(api.patch(f"{base}/categories/ref", {"min_hours": bad}), 422)
        assert message in error["fields"]["min_hours"][0]
    error = assert_error(
        api.post(f"{base}/categories", {"code": "technology", "name": "T", "min_hours": "1"}),
        422,
    )
    assert "code" in error["fields"]
    assert api.delete(f"{base}/categories/ref").status_code == 204
    codes = [c["code"] for c in api.get(base).json()["categories"]]
    assert codes == ["technology"]


def test_conversions(certs, world, api_for):  # noqa: F811
    api = api_for(world.nina)
    base = _base(certs.lssc)
    created = api.post(f"{base}/conversions", {"activity_kind": "webinar", "factor": "0.5"})
    assert created.status_code == 201, created.content
    assert created.json() == {"unit": "", "activity_kind": "webinar", "factor": "0.500"}
    changed = api.patch(f"{base}/conversions/semester_credit", {"factor": "16"})
    assert changed.status_code == 200 and changed.json()["factor"] == "16.000"
    error = assert_error(api.patch(f"{base}/conversions/webinar", {"factor": "0"}), 422)
    assert "factor" in error["fields"]
    error = assert_error(
        api.post(f"{base}/conversions", {"unit": "quarter_credit", "factor": 0}), 422
    )
    assert "factor" in error["fields"]
    error = assert_error(api.post(f"{base}/conversions", {"unit": "fortnight", "factor": 1}), 422)
    assert "unit" in error["fields"]
    assert api.delete(f"{base}/conversions/webinar").status_code == 204
    assert api.delete(f"{base}/conversions/conference_day").status_code == 204
    assert_error(api.delete(f"{base}/conversions/conference_day"), 404)
    kept = {c["unit"] or c["activity_kind"] for c in api.get(base).json()["conversions"]}
    assert kept == {"semester_credit", "quarter_credit", "roundtable"}


def _calls(scheme):
    base = _base(scheme)
    part = scheme.parts.filter(is_required=False).first()
    return [
        ("post", f"{base}/parts", {"code": "x", "name": "X"}),
        ("patch", f"{base}/parts/{part.pk}", {"name": "Y"}),
        ("delete", f"{base}/parts/{part.pk}", None),
        ("post", f"{base}/categories", {"code": "x", "name": "X", "min_hours": "1"}),
        ("patch", f"{base}/categories/technology", {"min_hours": "2"}),
        ("delete", f"{base}/categories/technology", None),
        ("post", f"{base}/conversions", {"activity_kind": "webinar", "factor": "1"}),
        ("patch", f"{base}/conversions/semester_credit", {"factor": "2"}),
        ("delete", f"{base}/conversions/semester_credit", None),
    ]


def _call(api, method, path, body):
    return getattr(api, method)(path) if body is None else getattr(api, method)(path, body)


def _unchanged(scheme):
    assert scheme.parts.count() == 10
    assert scheme.categories.get().min_hours == 4
    assert scheme.conversions.count() == 4
    assert scheme.conversions.get(unit="semester_credit").factor == 15


@pytest.mark.parametrize("who", ["alice", "carol", "bob"])
def test_library_admins_and_staff_get_403(certs, world, api_for, who):  # noqa: F811
    api = api_for(getattr(world, who))
    for method, path, body in _calls(certs.lssc):
        assert_error(_call(api, method, path, body), 403)
    _unchanged(certs.lssc)


def test_another_networks_coordinator_gets_404(certs, world, api_for):  # noqa: F811
    other = f.NetworkFactory()
    outsider = f.PersonFactory()
    Role.objects.create(person=outsider, kind=Role.Kind.NETWORK_COORDINATOR, network=other)
    api = api_for(outsider)
    for method, path, body in _calls(certs.lssc):
        assert_error(_call(api, method, path, body), 404)
    _unchanged(certs.lssc)


@pytest.mark.parametrize("who", ["nina", "root"])
def test_templates_are_read_only(certs, world, api_for, who):  # noqa: F811
    api = api_for(getattr(world, who))
    template = certs.lssc.copied_from
    for method, path, body in _calls(template):
        error = assert_error(_call(api, method, path, body), 403)
        assert "read-only" in error["message"]
    _unchanged(template)


def test_anonymous_is_401(certs, anonymous_api):  # noqa: F811
    response = anonymous_api.post(f"{_base(certs.lssc)}/parts", {"code": "x", "name": "X"})
    assert response.status_code == 401


def test_unknown_fields_are_refused(certs, world, api_for):  # noqa: F811
    response = api_for(world.nina).post(
        f"{_base(certs.lssc)}/parts", {"code": "x", "name": "X", "scheme_id": 1}
    )
    assert response.status_code == 422
