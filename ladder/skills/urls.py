"""The skills app's pages: frameworks, ratings and evidence, hats, interests."""

from ladder.skills import urls_frameworks, urls_hats, urls_ratings

app_name = "skills"

urlpatterns = [
    *urls_frameworks.urlpatterns,
    *urls_ratings.urlpatterns,
    *urls_hats.urlpatterns,
]
