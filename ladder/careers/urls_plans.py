"""Careers pages: development plans and yearly evaluations."""

from django.urls import URLPattern, URLResolver, path

from ladder.careers import views_evaluations as evaluations
from ladder.careers import views_plans as plans

urlpatterns: list[URLPattern | URLResolver] = [
    path("plan/", plans.my_plan, name="my_plan"),
    path("plan/add-session/", plans.plan_add_session, name="plan_add_session"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", plans.plan_edit, name="plan_edit"),
    path("evaluations/", evaluations.evaluation_list, name="evaluation_list"),
    path("evaluations/mine/", evaluations.my_evaluations, name="my_evaluations"),
    path("evaluations/new/", evaluations.evaluation_create, name="evaluation_create"),
    path("evaluations/<int:pk>/", evaluations.evaluation_detail, name="evaluation_detail"),
    path("evaluations/<int:pk>/print/", evaluations.evaluation_print, name="evaluation_print"),
    path("evaluations/<int:pk>/pdf/", evaluations.evaluation_pdf, name="evaluation_pdf"),
]
