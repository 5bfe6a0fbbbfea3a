"""The catalogue, offerings, sessions and iCalendar feeds (included by ladder.learning.urls)."""

from django.urls import URLPattern, URLResolver, path

from ladder.learning import views_catalogue as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.catalogue, name="catalogue"),
    path("calendar/", views.calendar, name="calendar"),
    path("offerings/new/", views.offering_create, name="offering_create"),
    path("offerings/<int:pk>/", views.offering_detail, name="offering_detail"),
    path("offerings/<int:pk>/edit/", views.offering_update, name="offering_update"),
    path(
        "offerings/<int:pk>/competencies/",
        views.offering_competencies,
        name="offering_competencies",
    ),
    path("offerings/<int:pk>/sessions/new/", views.session_create, name="session_create"),
    path("sessions/<int:pk>/", views.session_detail, name="session_detail"),
    path("sessions/<int:pk>/edit/", views.session_update, name="session_update"),
    path("sessions/<int:pk>/cancel/", views.session_cancel, name="session_cancel"),
    path("sessions/<int:pk>/calendar.ics", views.session_ics, name="session_ics"),
    path("feeds/catalogue.ics", views.feed_public, name="feed_public"),
    path("feeds/me/<str:token>.ics", views.feed_person, name="feed_person"),
    path("feeds/reset/", views.feed_reset, name="feed_reset"),
]
