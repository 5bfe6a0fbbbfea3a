from django.apps import AppConfig


class OpeningsConfig(AppConfig):
    name = "ladder.openings"
    label = "openings"
    verbose_name = "Openings, succession and workforce budget"
