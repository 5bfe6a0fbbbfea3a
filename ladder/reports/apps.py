from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "ladder.reports"
    label = "reports"
    verbose_name = "Reports"
