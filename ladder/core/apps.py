from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "ladder.core"
    label = "core"

    def ready(self) -> None:
        from ladder.core.task_modules import load_all
        from ladder.core.throttle import connect_signals

        load_all()
        connect_signals()
