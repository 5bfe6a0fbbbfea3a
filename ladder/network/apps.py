from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "ladder.network"
    label = "network"
