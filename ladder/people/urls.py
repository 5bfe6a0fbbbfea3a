from django.urls import path

from ladder.people import views

app_name = "people"

urlpatterns: list = []
