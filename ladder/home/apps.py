from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "ladder.home"
    label = "home"
    verbose_name = "Home pages"
