"""API refusals of the certification rules (ladder.certifications.policies)."""

from __future__ import annotations

from tests.policy_checks import refuses


def test_another_librarys_admin_may_not_report_on_riverside(world, api_for):
    url = f"/api/v1/certifications/report?library_id={world.riverside.pk}"
    refuses(api_for(world.carol), "get", url)


def test_staff_get_403_on_the_reports_and_anonymous_401(world, api_for, anonymous_api):
    refuses(api_for(world.bob), "get", "/api/v1/certifications/report")
    refuses(api_for(world.alice), "get", "/api/v1/certifications/network-report")
    refuses(anonymous_api, "get", "/api/v1/certifications/report", status=401)
