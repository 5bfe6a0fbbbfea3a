"""The careers app's pages (mounted under /careers/): eligibility and gaps, plans, evaluations."""

from django.urls import URLPattern, URLResolver

from ladder.careers import urls_eligibility, urls_plans

app_name = "careers"

urlpatterns: list[URLPattern | URLResolver] = [
    *urls_eligibility.urlpatterns,
    *urls_plans.urlpatterns,
]
