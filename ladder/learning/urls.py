"""The learning app's pages: catalogue and sessions, registration and attendance, transcripts."""

from ladder.learning import urls_catalogue, urls_registration, urls_transcript

app_name = "learning"

urlpatterns = [
    *urls_catalogue.urlpatterns,
    *urls_registration.urlpatterns,
    *urls_transcript.urlpatterns,
]
