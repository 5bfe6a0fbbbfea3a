from django.apps import AppConfig


class OpeningsConfig(AppConfig):
    name = "ladder.openings"
    label = "openings"
    verbose_name = "Openings, succession and workforce budget"

    def ready(self) -> None:
        # The modules register their tasks (interest e-mails, invitations, succession runs).
        from ladder.openings import openings, scenarios  # noqa: F401
