"""Stored report results: the network's totals, kept fresh by a periodic job."""

from __future__ import annotations

from django.db import models


class NetworkTotals(models.Model):
    """The measures of every member library for a network's default report (the current
    fiscal year, the default comparison and stuck years), computed by
    ``ladder.reports.snapshots.refresh_network_totals``: a statewide network's figures take
    seconds to compute, the page reads them in milliseconds and says how fresh they are."""

    network = models.ForeignKey("orgs.Network", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=60, help_text="The period and parameters computed.")
    as_of = models.DateField()
    computed_at = models.DateTimeField()
    seconds = models.FloatField(default=0, help_text="How long the computation took.")
    data = models.JSONField(default=dict)

    class Meta:
        verbose_name_plural = "network totals"
        constraints = [
            models.UniqueConstraint(fields=["network", "key"], name="reports_networktotals_unique")
        ]

    def __str__(self) -> str:
        return f"{self.network_id} {self.key} @ {self.computed_at:%Y-%m-%d %H:%M}"
