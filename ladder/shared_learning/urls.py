"""The shared_learning app's pages (mounted under /shared/)."""

from django.urls import URLPattern, URLResolver, path

from ladder.shared_learning import (
    urls_coaching,
    urls_digest,
    urls_roundtables,
    views,
    views_pools_admin,
)

app_name = "shared_learning"

urlpatterns: list[URLPattern | URLResolver] = [
    path("licences/", views.pool_list, name="pool_list"),
    path("licences/new/", views_pools_admin.pool_create, name="pool_create"),
    path("licences/<int:pk>/", views.pool_detail, name="pool_detail"),
    path("licences/<int:pk>/edit/", views_pools_admin.pool_edit, name="pool_edit"),
    path("licences/<int:pk>/request/", views.pool_request, name="pool_request"),
    path("licences/<int:pk>/withdraw/", views.pool_withdraw, name="pool_withdraw"),
    path("licences/<int:pk>/report/", views.pool_report, name="pool_report"),
]
urlpatterns = [
    *urlpatterns,
    *urls_roundtables.urlpatterns,
    *urls_coaching.urlpatterns,
    *urls_digest.urlpatterns,
]
