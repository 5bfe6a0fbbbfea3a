"""The shared_learning app's pages (mounted under /shared/)."""

from django.urls import URLPattern, URLResolver, path

from ladder.shared_learning import urls_roundtables, views

app_name = "shared_learning"

urlpatterns: list[URLPattern | URLResolver] = [
    path("licences/", views.pool_list, name="pool_list"),
    path("licences/<int:pk>/", views.pool_detail, name="pool_detail"),
    path("licences/<int:pk>/request/", views.pool_request, name="pool_request"),
    path("licences/<int:pk>/withdraw/", views.pool_withdraw, name="pool_withdraw"),
    path("licences/<int:pk>/report/", views.pool_report, name="pool_report"),
]
urlpatterns = [*urlpatterns, *urls_roundtables.urlpatterns]
