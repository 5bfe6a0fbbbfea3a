from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from ladder.core import views as core_views
from ladder.core.policies import permission, public, signed_in
from ladder.core.throttle import ip_key, posted_email_key, public_link, throttle
from ladder.home import views as home_views
from ladder.people.forms import StaffPasswordResetForm, StaffSetPasswordForm

urlpatterns = [
    path("", home_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("jobs/<uuid:job_id>/", core_views.job_status, name="job_status"),
    path(
        "accounts/password_reset/",
        # Per address and per client address: a reset mails someone, so it must not be a way
        # to flood an inbox or to probe which addresses have accounts at speed.
        permission(public)(
            throttle("password_reset_ip", key=ip_key, what="password reset requests")(
                throttle(
                    "password_reset_address", key=posted_email_key, what="password reset requests"
                )(auth_views.PasswordResetView.as_view(form_class=StaffPasswordResetForm))
            )
        ),
        name="password_reset",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        permission(public)(
            public_link(
                auth_views.PasswordResetConfirmView.as_view(form_class=StaffSetPasswordForm)
            )
        ),
        name="password_reset_confirm",
    ),
    # Django's own sign-in pages, each naming who may open it (core.policies).
    path("accounts/login/", permission(public)(auth_views.LoginView.as_view()), name="login"),
    path("accounts/logout/", permission(public)(auth_views.LogoutView.as_view()), name="logout"),
    path(
        "accounts/password_change/",
        permission(signed_in)(auth_views.PasswordChangeView.as_view()),
        name="password_change",
    ),
    path(
        "accounts/password_change/done/",
        permission(signed_in)(auth_views.PasswordChangeDoneView.as_view()),
        name="password_change_done",
    ),
    path(
        "accounts/password_reset/done/",
        permission(public)(auth_views.PasswordResetDoneView.as_view()),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/done/",
        permission(public)(auth_views.PasswordResetCompleteView.as_view()),
        name="password_reset_complete",
    ),
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
    path("reports/", include("ladder.reports.urls")),
    path("api/v1/", include("ladder.api.urls")),
    path("admin/", admin.site.urls),
]
