from django.contrib import admin

from ladder.core.admin import ReadOnlyAdmin
from ladder.reports.models import NetworkTotals


@admin.register(NetworkTotals)
class NetworkTotalsAdmin(ReadOnlyAdmin):
    """The stored network totals the periodic job writes: seen here, never edited."""

    list_display = ["network", "key", "as_of", "computed_at", "seconds"]
    list_select_related = ["network"]
    search_fields = ["network__name", "key"]
    exclude = ["data"]
