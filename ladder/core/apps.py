from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "ladder.core"
    label = "core"

    def ready(self) -> None:
        from ladder.core.task_modules import load_all
        from ladder.core.throttle import connect_signals

        load_all()
        connect_signals()

        from django.apps import apps
        from django.db.models.signals import pre_save

        from ladder.core.limits import check_numbers_before_save

        for model in apps.get_models():
            if model.__module__.startswith("ladder."):
                pre_save.connect(check_numbers_before_save, sender=model, weak=False)
