"""Staff pages: directory, profiles, employments, credentials, evidence, experience, tokens."""

from django.urls import URLPattern, URLResolver, path

from ladder.people import views, views_account, views_privacy

urlpatterns: list[URLPattern | URLResolver] = [
    path("me/", views.me, name="me"),
    path("directory/", views.directory, name="directory"),
    path("staff/add/", views.staff_add, name="staff_add"),
    path("<int:pk>/", views.profile, name="profile"),
    path("<int:pk>/edit/", views.profile_edit, name="profile_edit"),
    path("<int:pk>/employments/add/", views.employment_add, name="employment_add"),
    path("employments/<int:pk>/edit/", views.employment_edit, name="employment_edit"),
    path("employments/<int:pk>/end/", views.employment_end, name="employment_end"),
    path("<int:pk>/credentials/add/", views.credential_add, name="credential_add"),
    path("credentials/<int:pk>/edit/", views.credential_edit, name="credential_edit"),
    path("credentials/<int:pk>/delete/", views.credential_delete, name="credential_delete"),
    path("credentials/<int:pk>/evidence/add/", views.evidence_add, name="evidence_add"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/delete/", views.evidence_delete, name="evidence_delete"),
    path("<int:pk>/experience/add/", views.experience_add, name="experience_add"),
    path("experience/<int:pk>/edit/", views.experience_edit, name="experience_edit"),
    path("experience/<int:pk>/delete/", views.experience_delete, name="experience_delete"),
    path(
        "email-change/<str:token>/undo/",
        views_account.email_change_undo_page,
        name="email_change_undo",
    ),
    path("<int:pk>/export.json", views_privacy.export_json, name="export_json"),
    path("<int:pk>/export.pdf", views_privacy.export_pdf, name="export_pdf"),
    path("<int:pk>/erase/", views_privacy.erase, name="erase"),
    path("me/tokens/add/", views.api_token_create, name="api_token_create"),
    path("me/tokens/<int:pk>/revoke/", views.api_token_revoke, name="api_token_revoke"),
]
