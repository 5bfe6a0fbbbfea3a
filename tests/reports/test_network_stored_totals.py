"""The network's default totals are stored by a periodic job and read back (with freshness)."""

import datetime as dt
import io

from django.core.management import call_command
from django.utils import timezone

from ladder.core.access import access_for
from ladder.reports import dashboard as board
from ladder.reports import snapshots
from ladder.reports.models import NetworkTotals
from tests.conftest import login
from tests.reports import pipeline_world

URL = "/reports/network/"


def test_stored_measures_give_the_same_figures(world):
    pipeline_world.build(world)
    found = board.network_scope(access_for(world.nina), {"year": "2025"}, dt.date(2026, 12, 6))
    assert found is not None
    scope, libraries = found
    measures = board.measure([lib.pk for lib in libraries], scope)
    again = snapshots.load_measures(snapshots.dump_measures(measures))
    live = [f.rows for f in board.network_figures(measures, libraries, scope)]
    stored = [f.rows for f in board.network_figures(again, libraries, scope)]
    assert live == stored
    m, n = measures.libraries[world.riverside.pk], again.libraries[world.riverside.pk]
    assert (m.funnel.now, m.eligible, m.repayments, m.money) == (
        n.funnel.now,
        n.eligible,
        n.repayments,
        n.money,
    )


def test_default_report_reads_stored_totals_and_says_how_fresh(
    world, django_assert_max_num_queries, monkeypatch
):
    pipeline_world.build(world)
    monkeypatch.setattr(snapshots, "LIVE_LIBRARIES", 1)  # as if statewide: store, then read
    monkeypatch.setattr(snapshots, "LIVE_SECONDS", 0)
    nina = login(world.nina)
    first = nina.get(URL)
    assert first.status_code == 200
    assert NetworkTotals.objects.filter(network=world.network).count() == 1
    NetworkTotals.objects.update(computed_at=timezone.now() - dt.timedelta(minutes=20))
    with django_assert_max_num_queries(20):
        again = nina.get(URL)
    html = again.content.decode()
    assert "computed 20" in html and "refreshes them every hour" in html
    api = nina.get("/api/v1/reports/pipeline").json()
    assert api["computed_at"] is not None


def test_periodic_job_refreshes_when_due(world):
    pipeline_world.build(world)
    call_command("refresh_report_totals", stdout=io.StringIO())
    totals = NetworkTotals.objects.get(network=world.network)
    assert totals.data["libraries"]
    before = totals.computed_at
    call_command("refresh_report_totals", stdout=io.StringIO())
    assert NetworkTotals.objects.get(network=world.network).computed_at == before  # not due
    NetworkTotals.objects.update(computed_at=timezone.now() - dt.timedelta(hours=2))
    call_command("refresh_report_totals", stdout=io.StringIO())
    assert NetworkTotals.objects.get(network=world.network).computed_at > before


def test_a_small_network_is_computed_live(world):
    pipeline_world.build(world)
    html = login(world.nina).get(URL).content.decode()
    assert "Computed just now" in html
    assert not NetworkTotals.objects.exists()
