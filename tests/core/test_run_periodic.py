import io

from django.core.management import call_command


def test_run_periodic_runs_every_job_once(db):
    out = io.StringIO()
    call_command("run_periodic", stdout=out)
    text = out.getvalue()
    for job in ("expire_offers", "send_reminders", "expire_licences"):
        assert f"{job}: " in text
