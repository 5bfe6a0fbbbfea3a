"""Staff import and the directory export."""

from django.urls import URLPattern, URLResolver, path

from ladder.people import views_io

urlpatterns: list[URLPattern | URLResolver] = [
    path("import/", views_io.import_start, name="import_start"),
    path("import/preview/", views_io.import_preview, name="import_preview"),
    path("import/commit/", views_io.import_commit, name="import_commit"),
    path("directory/export/", views_io.directory_export, name="directory_export"),
]
