from django.urls import path

from ladder.orgs import views

app_name = "orgs"

urlpatterns: list = []
