"""Reports: a library's progress dashboard, the network's totals, the equity report."""

from django.urls import URLPattern, URLResolver, path

from ladder.reports import views_library, views_network

app_name = "reports"

urlpatterns: list[URLPattern | URLResolver] = [
    path("library/", views_library.library_dashboard, name="library"),
    path("library/people/", views_library.library_people, name="library_people"),
    path("network/", views_network.network_totals, name="network"),
]
