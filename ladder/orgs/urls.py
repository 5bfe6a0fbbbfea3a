from django.urls import URLPattern, URLResolver, path
from django.views.generic import RedirectView

from ladder.core.policies import permission, public
from ladder.orgs import views

app_name = "orgs"

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "", permission(public)(RedirectView.as_view(pattern_name="orgs:library_list")), name="index"
    ),
    path("libraries/", views.library_list, name="library_list"),
    path("libraries/new/", views.library_create, name="library_create"),
    path("libraries/<int:pk>/", views.library_detail, name="library_detail"),
    path("libraries/<int:pk>/edit/", views.library_update, name="library_update"),
    path("libraries/<int:library_pk>/branches/new/", views.branch_create, name="branch_create"),
    path("branches/", views.branch_list, name="branch_list"),
    path("branches/<int:pk>/", views.branch_detail, name="branch_detail"),
    path("branches/<int:pk>/edit/", views.branch_update, name="branch_update"),
    path("networks/", views.network_list, name="network_list"),
    path("networks/<int:pk>/", views.network_detail, name="network_detail"),
    path("networks/<int:network_pk>/regions/new/", views.region_create, name="region_create"),
    path("regions/<int:pk>/edit/", views.region_update, name="region_update"),
    path(
        "networks/<int:network_pk>/members/new/",
        views.membership_create,
        name="membership_create",
    ),
    path("memberships/<int:pk>/end/", views.membership_end, name="membership_end"),
]
