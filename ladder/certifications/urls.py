"""The certifications app's pages (mounted under /certifications/)."""

from django.urls import URLPattern, URLResolver, path

from ladder.certifications import views

app_name = "certifications"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.mine, name="mine"),
    path("schemes/", views.scheme_list, name="scheme_list"),
    path("schemes/<int:pk>/", views.scheme_detail, name="scheme_detail"),
    path("schemes/<int:pk>/adopt/", views.scheme_adopt, name="scheme_adopt"),
    path("schemes/<int:pk>/edit/", views.scheme_edit, name="scheme_edit"),
    path("people/<int:pk>/", views.person, name="person"),
    path("people/<int:pk>/held/", views.person_held, name="person_held"),
    path("pursuits/<int:pk>/part/", views.pursuit_part, name="pursuit_part"),
    path("pursuits/<int:pk>/earn/", views.pursuit_earn, name="pursuit_earn"),
    path("pursuits/<int:pk>/renew/", views.pursuit_renew, name="pursuit_renew"),
    path("report/", views.report, name="report"),
    path("network/", views.network_report, name="network_report"),
]
