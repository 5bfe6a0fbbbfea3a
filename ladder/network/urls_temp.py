"""The temp agency's pages (included by ladder.network.urls)."""

from django.urls import URLPattern, URLResolver, path

from ladder.network import views_temp as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("temps/", views.home, name="temp_home"),
    path("temps/requests/", views.request_list, name="temp_request_list"),
    path("temps/requests/new/", views.request_create, name="temp_request_create"),
    path("temps/requests/<int:pk>/", views.request_detail, name="temp_request_detail"),
    path("temps/workers/new/", views.worker_create, name="temp_worker_create"),
    path("temps/workers/<int:pk>/", views.worker_detail, name="temp_worker_detail"),
    path("temps/workers/<int:pk>/edit/", views.worker_edit, name="temp_worker_edit"),
]
