"""The certifications app's pages (mounted under /certifications/)."""

from django.urls import URLPattern, URLResolver, path

from ladder.certifications import views, views_scheme_parts

app_name = "certifications"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.mine, name="mine"),
    path("schemes/", views.scheme_list, name="scheme_list"),
    path("schemes/<int:pk>/", views.scheme_detail, name="scheme_detail"),
    path("schemes/<int:pk>/adopt/", views.scheme_adopt, name="scheme_adopt"),
    path("schemes/<int:pk>/edit/", views.scheme_edit, name="scheme_edit"),
    path("schemes/<int:pk>/parts/", views_scheme_parts.scheme_parts, name="scheme_parts"),
    path("schemes/<int:pk>/parts/add/", views_scheme_parts.scheme_part_add, name="scheme_part_add"),
    path(
        "schemes/<int:pk>/parts/<int:part_pk>/edit/",
        views_scheme_parts.scheme_part_edit,
        name="scheme_part_edit",
    ),
    path(
        "schemes/<int:pk>/parts/<int:part_pk>/remove/",
        views_scheme_parts.scheme_part_remove,
        name="scheme_part_remove",
    ),
    path(
        "schemes/<int:pk>/categories/add/",
        views_scheme_parts.scheme_category_add,
        name="scheme_category_add",
    ),
    path(
        "schemes/<int:pk>/categories/<int:item_pk>/edit/",
        views_scheme_parts.scheme_category_edit,
        name="scheme_category_edit",
    ),
    path(
        "schemes/<int:pk>/categories/<int:item_pk>/remove/",
        views_scheme_parts.scheme_category_remove,
        name="scheme_category_remove",
    ),
    path(
        "schemes/<int:pk>/conversions/add/",
        views_scheme_parts.scheme_conversion_add,
        name="scheme_conversion_add",
    ),
    path(
        "schemes/<int:pk>/conversions/<int:item_pk>/edit/",
        views_scheme_parts.scheme_conversion_edit,
        name="scheme_conversion_edit",
    ),
    path(
        "schemes/<int:pk>/conversions/<int:item_pk>/remove/",
        views_scheme_parts.scheme_conversion_remove,
        name="scheme_conversion_remove",
    ),
    path("people/<int:pk>/", views.person, name="person"),
    path("people/<int:pk>/held/", views.person_held, name="person_held"),
    path("pursuits/<int:pk>/part/", views.pursuit_part, name="pursuit_part"),
    path("pursuits/<int:pk>/earn/", views.pursuit_earn, name="pursuit_earn"),
    path("pursuits/<int:pk>/renew/", views.pursuit_renew, name="pursuit_renew"),
    path("report/", views.report, name="report"),
    path("network/", views.network_report, name="network_report"),
]
