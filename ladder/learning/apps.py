from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "ladder.learning"
    label = "learning"
