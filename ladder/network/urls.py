"""The network app's pages."""

from django.urls import URLPattern, URLResolver, path

from ladder.network import urls_advisory, urls_dashboard, urls_members, urls_temp, views

app_name = "network"

urlpatterns: list[URLPattern | URLResolver] = [
    path("offerings/<int:pk>/plan/", views.plan, name="planner"),
]
urlpatterns = [
    *urlpatterns,
    *urls_advisory.urlpatterns,
    *urls_temp.urlpatterns,
    *urls_members.urlpatterns,
    *urls_dashboard.urlpatterns,
]
