from django.apps import AppConfig


class TuitionConfig(AppConfig):
    name = "ladder.tuition"
    label = "tuition"
    verbose_name = "Grow your own: tuition programmes and promotions"
