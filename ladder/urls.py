from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from ladder.core import views as core_views
from ladder.core.throttle import ip_key, posted_email_key, public_link, throttle
from ladder.people import views_home
from ladder.people.forms import StaffPasswordResetForm, StaffSetPasswordForm

urlpatterns = [
    path("", views_home.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("jobs/<uuid:job_id>/", core_views.job_status, name="job_status"),
    path(
        "accounts/password_reset/",
        # Per address and per client address: a reset mails someone, so it must not be a way
        # to flood an inbox or to probe which addresses have accounts at speed.
        throttle("password_reset_ip", key=ip_key, what="password reset requests")(
            throttle(
                "password_reset_address", key=posted_email_key, what="password reset requests"
            )(auth_views.PasswordResetView.as_view(form_class=StaffPasswordResetForm))
        ),
        name="password_reset",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        public_link(auth_views.PasswordResetConfirmView.as_view(form_class=StaffSetPasswordForm)),
        name="password_reset_confirm",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("orgs/", include("ladder.orgs.urls")),
    path("people/", include("ladder.people.urls")),
    path("skills/", include("ladder.skills.urls")),
    path("learning/", include("ladder.learning.urls")),
    path("shared/", include("ladder.shared_learning.urls")),
    path("network/", include("ladder.network.urls")),
    path("careers/", include("ladder.careers.urls")),
    path("certifications/", include("ladder.certifications.urls")),
    path("tuition/", include("ladder.tuition.urls")),
    path("openings/", include("ladder.openings.urls")),
    path("api/v1/", include("ladder.api.urls")),
    path("admin/", admin.site.urls),
]
