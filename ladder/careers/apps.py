from django.apps import AppConfig


class CareersConfig(AppConfig):
    name = "ladder.careers"
    label = "careers"
    verbose_name = "Careers"
