from django.urls import path

from ladder.api.main import api

urlpatterns = [path("", api.urls)]
