"""Transcripts, reported learning, certificates and feedback (included by ladder.learning.urls)."""

from django.urls import URLPattern, URLResolver, path

from ladder.learning import views_transcript as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("transcripts/me/", views.my_transcript, name="my_transcript"),
    path("transcripts/<int:pk>/", views.transcript, name="transcript"),
    path("transcripts/<int:pk>/export/", views.transcript_export, name="transcript_export"),
    path("transcripts/report/", views.external_report, name="external_report"),
    path("transcripts/records/<int:pk>/evidence/", views.record_evidence, name="record_evidence"),
    path("verifications/", views.verifications, name="verifications"),
    path(
        "verifications/<int:pk>/verify/",
        views.verification_verify,
        name="verification_verify",
    ),
    path(
        "verifications/<int:pk>/reject/",
        views.verification_reject,
        name="verification_reject",
    ),
    path(
        "certificates/<uuid:uuid>/certificate.pdf",
        views.certificate_pdf,
        name="certificate_pdf",
    ),
    path("certificates/<uuid:uuid>/badge.json", views.certificate_badge, name="certificate_badge"),
    path("certificates/<uuid:uuid>/", views.certificate_verify, name="certificate_verify"),
    path("sessions/<int:pk>/feedback/", views.feedback, name="feedback"),
    path(
        "sessions/<int:pk>/feedback/summary/",
        views.feedback_summary,
        name="feedback_summary",
    ),
]
