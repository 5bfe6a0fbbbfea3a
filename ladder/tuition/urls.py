"""The tuition app's pages (mounted under /tuition/)."""

from django.urls import URLPattern, URLResolver, path

from ladder.tuition import views, views_programmes_admin

app_name = "tuition"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.mine, name="mine"),
    path("apply/", views.apply, name="apply"),
    path("programmes/", views.programme_list, name="programme_list"),
    path("programmes/new/", views_programmes_admin.programme_new, name="programme_new"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme_detail"),
    path("programmes/<int:pk>/edit/", views_programmes_admin.programme_edit, name="programme_edit"),
    path(
        "programmes/<int:pk>/budget/",
        views_programmes_admin.programme_budget,
        name="programme_budget",
    ),
    path("enrolments/<int:pk>/", views.enrolment_detail, name="enrolment_detail"),
    path("enrolments/<int:pk>/claim/", views.claim_new, name="claim_new"),
    path("claims/<int:pk>/", views.claim_detail, name="claim_detail"),
    path("receipts/<int:pk>/", views.receipt_download, name="receipt_download"),
    path("promotions/", views.promotion_list, name="promotion_list"),
    path("promotions/<int:pk>/", views.promotion_detail, name="promotion_detail"),
    path("promotions/propose/<int:person_pk>/", views.promotion_propose, name="promotion_propose"),
    path("promotions/<int:pk>/letter.pdf", views.promotion_letter, name="promotion_letter"),
]
