from django.urls import URLPattern, URLResolver, path

from ladder.skills import views_ratings as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("people/<int:pk>/", views.profile, name="profile"),
    path("people/<int:pk>/rate/", views.rate, name="rate"),
    path("people/<int:pk>/evidence/", views.evidence_log_page, name="evidence_log"),
    path("evidence/<int:pk>/file/", views.evidence_file, name="evidence_file"),
]
