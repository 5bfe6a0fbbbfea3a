import pytest
from django.urls import reverse

from ladder.core import tasks
from ladder.core.models import Job


@tasks.task("tests.count_to")
def count_to(*, progress, n: int) -> dict:
    for i in range(n):
        progress(i + 1, n, f"counted {i + 1}")
    return {"counted": n}


@tasks.task("tests.explode")
def explode(*, progress) -> None:
    raise RuntimeError("boom")


def test_inline_backend_runs_the_task_and_records_progress(world):
    job = tasks.enqueue("tests.count_to", owner=world.alice, n=3)
    assert job is not None
    assert job.state == Job.State.DONE
    assert (job.done, job.total, job.percent) == (3, 3, 100)
    assert job.result == {"counted": 3}


def test_unknown_task_is_refused(world):
    with pytest.raises(KeyError):
        tasks.enqueue("tests.nope", owner=world.alice)


def test_failed_task_is_marked_failed_with_its_message(world):
    with pytest.raises(RuntimeError):
        tasks.enqueue("tests.explode", owner=world.alice)
    job = Job.objects.get(name="tests.explode")
    assert job.state == Job.State.FAILED
    assert job.message == "boom"


def test_celery_backend_queues_after_commit(
    world, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.LADDER_TASK_BACKEND = "celery"
    sent = []
    from ladder.core import task_backends

    monkeypatch.setattr(task_backends.run_task, "delay", lambda *args: sent.append(args))
    with django_capture_on_commit_callbacks(execute=True):
        job = tasks.enqueue("tests.count_to", owner=world.alice, n=2)
    assert job is not None and job.state == Job.State.QUEUED
    assert sent == [("ladder.core.tasks.run_job", [str(job.pk), "tests.count_to", {"n": 2}], {})]


def test_job_page_is_only_for_its_owner(world, client_for):
    job = tasks.enqueue("tests.count_to", owner=world.alice, n=1)
    url = reverse("job_status", args=[job.pk])
    assert client_for(world.alice).get(url).status_code == 200
    assert client_for(world.carol).get(url).status_code == 404


def test_job_fragment_polls_while_running(world, client_for):
    job = Job.objects.create(
        name="slow", owner=world.alice, state=Job.State.RUNNING, total=10, done=4
    )
    response = client_for(world.alice).get(
        reverse("job_status", args=[job.pk]), HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert 'hx-trigger="every 1s"' in body
    assert "40%" in body


def test_untracked_task_runs_without_a_job_row(world):
    assert tasks.enqueue("tests.count_to", track=False, n=2) is None
    assert not Job.objects.filter(name="tests.count_to").exists()
