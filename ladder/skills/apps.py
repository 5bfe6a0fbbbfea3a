from django.apps import AppConfig


class SkillsConfig(AppConfig):
    name = "ladder.skills"
    label = "skills"
