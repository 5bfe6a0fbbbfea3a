"""Registration, seat offers, approvals and attendance (mounted under /learning/)."""

from django.urls import URLPattern, URLResolver, path

from ladder.learning import views_registration as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("sessions/<int:pk>/register/", views.register, name="register"),
    path("sessions/<int:pk>/roster/", views.roster, name="roster"),
    path(
        "sessions/<int:pk>/roster/all-present/",
        views.mark_all_present,
        name="mark_all_present",
    ),
    path("registrations/", views.my_registrations, name="my_registrations"),
    path(
        "registrations/<int:pk>/cancel/",
        views.registration_cancel,
        name="registration_cancel",
    ),
    path("registrations/<int:pk>/accept/", views.offer_accept, name="offer_accept"),
    path("registrations/<int:pk>/decline-offer/", views.offer_decline, name="offer_decline"),
    path(
        "registrations/<int:pk>/attendance/",
        views.attendance_mark,
        name="attendance_mark",
    ),
    path("approvals/", views.approvals, name="approvals"),
    path(
        "approvals/<int:pk>/approve/",
        views.registration_approve,
        name="registration_approve",
    ),
    path(
        "approvals/<int:pk>/decline/",
        views.registration_decline,
        name="registration_decline",
    ),
]
