"""Job classes, certification types and ladders (included by ladder.people.urls, app "people")."""

from django.urls import URLPattern, URLResolver, path

from ladder.people import views_ladders as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("job-classes/", views.jobclass_list, name="jobclass_list"),
    path("job-classes/new/", views.jobclass_create, name="jobclass_create"),
    path("job-classes/<int:pk>/", views.jobclass_detail, name="jobclass_detail"),
    path("job-classes/<int:pk>/edit/", views.jobclass_update, name="jobclass_update"),
    path(
        "certification-types/new/",
        views.certificationtype_create,
        name="certificationtype_create",
    ),
    path("ladders/", views.ladder_list, name="ladder_list"),
    path("ladders/new/", views.ladder_create, name="ladder_create"),
    path("ladders/<int:pk>/", views.ladder_detail, name="ladder_detail"),
    path("ladders/<int:pk>/steps/", views.ladder_steps, name="ladder_steps"),
    path("ladders/<int:pk>/adopt/", views.ladder_adopt, name="ladder_adopt"),
    path("ladders/<int:pk>/copy/", views.ladder_copy, name="ladder_copy"),
]
