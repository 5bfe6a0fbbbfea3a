"""One-on-one teaching pages (included in the shared_learning app's urls)."""

from django.urls import URLPattern, URLResolver, path

from ladder.shared_learning import views_coaching as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("coaching/", views.coaching_mine, name="coaching_mine"),
    path("coaching/new/", views.coaching_new, name="coaching_new"),
    path("coaching/<int:pk>/", views.coaching_detail, name="coaching_detail"),
]
