"""Reports: a library's progress dashboard, the network's totals, the equity report."""

from django.urls import URLPattern, URLResolver, path

from ladder.reports import views_equity, views_library, views_network

app_name = "reports"

urlpatterns: list[URLPattern | URLResolver] = [
    path("equity/", views_equity.equity, name="equity"),
    path("equity/report.xlsx", views_equity.equity_xlsx, name="equity_xlsx"),
    path("equity/<slug:key>.csv", views_equity.equity_csv, name="equity_csv"),
    path("library/", views_library.library_dashboard, name="library"),
    path("library/people/", views_library.library_people, name="library_people"),
    path("network/", views_network.network_totals, name="network"),
]
