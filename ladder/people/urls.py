"""The people app's pages: staff and profiles, job classes and ladders, imports and exports."""

from ladder.people import urls_io, urls_ladders, urls_staff

app_name = "people"

urlpatterns = [*urls_staff.urlpatterns, *urls_ladders.urlpatterns, *urls_io.urlpatterns]
