"""The monthly digest's pages (included in the shared_learning app's urls)."""

from django.urls import URLPattern, URLResolver, path

from ladder.shared_learning import views_digest as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("digest/", views.digest_preview, name="digest_preview"),
    path("digest/register/<str:token>/", views.digest_register, name="digest_register"),
    path("digest/unsubscribe/<str:token>/", views.digest_unsubscribe, name="digest_unsubscribe"),
]
