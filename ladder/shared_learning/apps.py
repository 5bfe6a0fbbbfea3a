from django.apps import AppConfig


class SharedLearningConfig(AppConfig):
    name = "ladder.shared_learning"
    label = "shared_learning"
