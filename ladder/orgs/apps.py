from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "ladder.orgs"
    label = "orgs"
    verbose_name = "Organisations"
