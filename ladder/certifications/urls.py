"""The certifications app's pages (mounted under /certifications/)."""

from django.urls import URLPattern, URLResolver, path

from ladder.certifications import views, views_scheme_parts

app_name = "certifications"

#: Each kind of a scheme's items (part, category, conversion) is added, changed and removed by
#: the same three views: scheme_part_add, scheme_category_edit, scheme_conversion_remove, ...
_ITEM_ACTIONS = (
    ("add", "add/", views_scheme_parts.scheme_item_add),
    ("edit", "<int:item_pk>/edit/", views_scheme_parts.scheme_item_edit),
    ("remove", "<int:item_pk>/remove/", views_scheme_parts.scheme_item_remove),
)

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.mine, name="mine"),
    path("schemes/", views.scheme_list, name="scheme_list"),
    path("schemes/<int:pk>/", views.scheme_detail, name="scheme_detail"),
    path("schemes/<int:pk>/adopt/", views.scheme_adopt, name="scheme_adopt"),
    path("schemes/<int:pk>/edit/", views.scheme_edit, name="scheme_edit"),
    path("schemes/<int:pk>/parts/", views_scheme_parts.scheme_parts, name="scheme_parts"),
    *(
        path(
            f"schemes/<int:pk>/{kind.plural}/{route}",
            view,
            {"kind": kind},
            name=f"scheme_{kind.what}_{action}",
        )
        for kind in views_scheme_parts.ITEM_KINDS
        for action, route, view in _ITEM_ACTIONS
    ),
    path("people/<int:pk>/", views.person, name="person"),
    path("people/<int:pk>/held/", views.person_held, name="person_held"),
    path("pursuits/<int:pk>/part/", views.pursuit_part, name="pursuit_part"),
    path("pursuits/<int:pk>/earn/", views.pursuit_earn, name="pursuit_earn"),
    path("pursuits/<int:pk>/renew/", views.pursuit_renew, name="pursuit_renew"),
    path("report/", views.report, name="report"),
    path("network/", views.network_report, name="network_report"),
]
