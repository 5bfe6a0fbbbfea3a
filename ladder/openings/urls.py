"""The openings app's pages (mounted under /openings/)."""

from django.urls import URLPattern, URLResolver, path

from ladder.openings import views_budget, views_openings, views_scenarios

app_name = "openings"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views_openings.opening_list, name="list"),
    path("manage/", views_openings.manage, name="manage"),
    path(
        "hiring-rules/<int:library_pk>/",
        views_openings.hiring_settings,
        name="hiring_settings",
    ),
    path("new/", views_openings.opening_edit, name="create"),
    path("<int:pk>/", views_openings.opening_detail, name="detail"),
    path("<int:pk>/edit/", views_openings.opening_edit, name="edit"),
    path("<int:pk>/ranking/", views_openings.opening_ranking, name="ranking"),
    path(
        "<int:pk>/ranking/invite/<int:person_pk>/",
        views_openings.ranking_invite,
        name="ranking_invite",
    ),
    path("succession/", views_scenarios.scenario_list, name="scenario_list"),
    path("succession/new/", views_scenarios.scenario_create, name="scenario_create"),
    path("succession/<int:pk>/", views_scenarios.scenario_detail, name="scenario_detail"),
    path("budget/", views_budget.budget, name="budget"),
    path("budget/pay/<int:employment_pk>/", views_budget.pay_edit, name="pay"),
]
