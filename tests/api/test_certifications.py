"""API: certification schemes, pursuits, progress and reports."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ladder.certifications.services import pursuit_record_held, pursuit_start
from tests import factories as f
from tests.api.conftest import assert_error
from tests.certifications.conftest import certs, give_degree, lssc_tags, record  # noqa: F401

TODAY = dt.date.today()


def _held(world, certs, person=None, years_ago=3, by=None):  # noqa: F811
    earned = TODAY.replace(year=TODAY.year - years_ago, day=1)
    return pursuit_record_held(
        by=by or world.alice, person=person or world.bob, scheme=certs.lssc, earned_on=earned
    )


def test_list_and_detail_schemes(certs, world, api_for):  # noqa: F811
    api = api_for(world.bob)
    body = api.get("certifications/schemes").json()
    assert body["count"] == 6
    detail = api.get(f"certifications/schemes/{certs.lssc.pk}").json()
    assert detail["electives_needed"] == 3 and len(detail["parts"]) == 10
    assert detail["categories"] == [
        {"code": "technology", "name": "Technology", "min_hours": "4.0"}
    ]


def test_scheme_of_another_network_is_404(certs, world, api_for):  # noqa: F811
    outsider = f.PersonFactory()
    assert_error(api_for(outsider).get(f"certifications/schemes/{certs.lssc.pk}"), 404)


def test_adopt_and_update(world, lssc_tags, api_for):  # noqa: F811
    from ladder.certifications.scheme_templates import install_templates

    template = install_templates()[0]
    path = f"certifications/schemes/{template.pk}/adopt"
    assert_error(api_for(world.alice).post(path, {"network_id": world.network.pk}), 403)
    created = api_for(world.nina).post(path, {"network_id": world.network.pk})
    assert created.status_code == 201
    scheme_id = created.json()["id"]
    bad = api_for(world.nina).patch(
        f"certifications/schemes/{scheme_id}", {"conversions": {"semester_credit": "0"}}
    )
    error = assert_error(bad, 422)
    assert "conversions" in error["fields"]
    ok = api_for(world.nina).patch(
        f"certifications/schemes/{scheme_id}",
        {"cycle_hours": "40", "categories": {"technology": "6"}},
    )
    assert ok.status_code == 200 and ok.json()["cycle_hours"] == "40.0"
    assert_error(
        api_for(world.alice).patch(f"certifications/schemes/{scheme_id}", {"cycle_hours": "1"}), 403
    )


def test_pursue_record_part_and_earn(certs, world, api_for):  # noqa: F811
    give_degree(world.bob)
    started = api_for(world.bob).post(
        "certifications/pursuits", {"scheme_id": certs.lssc.pk, "started_on": "2024-01-01"}
    )
    assert started.status_code == 201
    pursuit_id = started.json()["id"]
    for code in ["core-skills", "circulation", "interlibrary-loan", "reference-interview"]:
        record(world.bob, dt.date(2024, 3, 1), "3", [code])
    youth = certs.lssc.parts.get(code="youth-services")
    body = {"part_id": youth.pk, "method": "portfolio", "completed_on": "2024-05-01"}
    assert_error(api_for(world.bob).post(f"certifications/pursuits/{pursuit_id}/parts", body), 403)
    assert_error(
        api_for(world.carol).post(f"certifications/pursuits/{pursuit_id}/parts", body), 404
    )
    done = api_for(world.sam).post(f"certifications/pursuits/{pursuit_id}/parts", body)
    assert done.status_code == 201 and done.json()["parts_remaining"] == 0
    earned = api_for(world.sam).post(
        f"certifications/pursuits/{pursuit_id}/earn", {"earned_on": "2024-06-01"}
    )
    assert earned.status_code == 200 and earned.json()["expires_on"] == "2028-06-01"
    progress = api_for(world.bob).get("certifications/me/progress").json()
    assert progress[0]["status"] in ("earned", "renewal_window")


def test_bad_part_method_is_422(certs, world, api_for):  # noqa: F811
    give_degree(world.bob)
    pursuit = pursuit_start(by=world.bob, person=world.bob, scheme=certs.lssc)
    part = certs.lssc.parts.first()
    error = assert_error(
        api_for(world.sam).post(
            f"certifications/pursuits/{pursuit.pk}/parts",
            {"part_id": part.pk, "method": "magic", "completed_on": "2024-01-01"},
        ),
        422,
    )
    assert "method" in error["fields"]


@pytest.mark.parametrize(("who", "status"), [("sam", 200), ("carol", 404), ("nina", 404)])
def test_person_progress_is_private(certs, world, api_for, who, status):  # noqa: F811
    _held(world, certs)
    response = api_for(getattr(world, who)).get(f"certifications/people/{world.bob.pk}/progress")
    assert response.status_code == status


def test_renew_short_of_hours_is_422(certs, world, api_for):  # noqa: F811
    pursuit = _held(world, certs)
    error = assert_error(
        api_for(world.sam).post(f"certifications/pursuits/{pursuit.pk}/renew", {}), 422
    )
    assert "Short of 32 contact hours" in error["fields"]["pursuit"][0]


def test_report_and_network_report(certs, world, api_for):  # noqa: F811
    _held(world, certs)
    _held(world, certs, person=world.dave, by=world.carol)
    body = api_for(world.alice).get("certifications/report", months=12).json()
    assert [r["person"]["display_name"] for r in body["expiring"]] == ["Bob Page"]
    assert body["short_of_hours"][0]["category_shortfalls"] == {"technology": "4.0"}
    assert_error(api_for(world.bob).get("certifications/report"), 403)
    assert_error(
        api_for(world.alice).get("certifications/report", library_id=world.hillcrest.pk), 403
    )
    assert_error(api_for(world.alice).get("certifications/network-report"), 403)
    cells = api_for(world.nina).get("certifications/network-report").json()
    assert {c["library"]["name"] for c in cells} == {
        "Riverside Public Library",
        "Hillcrest College Library",
    }
    assert all("person" not in c for c in cells)


def _staff(world, certs, n):  # noqa: F811
    for _ in range(n):
        someone = f.PersonFactory()
        f.EmploymentFactory(
            person=someone,
            library=world.riverside,
            job_class=world.page,
            start_date=dt.date(2018, 1, 1),
        )
        _held(world, certs, person=someone)
        record(someone, TODAY - dt.timedelta(days=5), "2", ["core-skills"])


def test_report_query_count_is_bounded(certs, world, api_for):  # noqa: F811
    api = api_for(world.alice)
    _staff(world, certs, 5)
    api.get("certifications/report")  # the token's first use is recorded once
    with CaptureQueriesContext(connection) as few:
        assert api.get("certifications/report").status_code == 200
    _staff(world, certs, 45)
    with CaptureQueriesContext(connection) as many:
        assert len(api.get("certifications/report").json()["short_of_hours"]) == 50
    assert len(many.captured_queries) == len(few.captured_queries)
