"""The demo's year of training: the state conference, area workshops repeated in several
regions, the branch mentor's technology trainings attended by pages, the monthly webinars,
full sessions with waitlists, Pine Hollow's in-house training; and a second run adds nothing."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Q
from django.utils import timezone

from ladder.core.access import access_for
from ladder.demo.learning import (
    WEBINAR_TOPICS,
    last_conference_day,
    next_conference_day,
    webinar_days,
)
from ladder.learning.audience import in_audience
from ladder.learning.models import (
    Certificate,
    Feedback,
    Offering,
    OfferingCompetency,
    Registration,
    Session,
    SessionDate,
    TrainingCompetency,
    TrainingRecord,
)
from ladder.learning.registrations import approval_queue
from ladder.people.models import Employment, Person
from ladder.skills.models import Evidence, Rating
from tests.api.conftest import ApiClient, token_for

MODELS = [
    Offering, OfferingCompetency, Session, SessionDate, Registration, TrainingRecord,
    TrainingCompetency, Certificate, Feedback, Evidence, Rating,
]  # fmt: skip
S = Registration.Status


def run_demo() -> None:
    call_command("demo", "--no-serve", stdout=StringIO())


@pytest.fixture
def demo(seeded_demo, db) -> str:
    return seeded_demo


def person(first: str, last: str) -> Person:
    return Person.objects.get(first_name=first, last_name=last)


def titles(who: Person) -> set[str]:
    return set(
        TrainingRecord.objects.filter(person=who, status="verified").values_list("title", flat=True)
    )


def test_megan_and_the_brookfield_librarians_went_to_the_conference_last_autumn(demo):
    today = timezone.localdate()
    # Last autumn's (the history adds the years before).
    conference = (
        Session.objects.filter(
            offering__title="OVLA Annual Conference", starts_at__lt=timezone.now()
        )
        .order_by("-starts_at")
        .first()
    )

    assert conference.offering.provider_network.name == "Ohio Valley Library Association"
    assert conference.starts_at.date() == last_conference_day(today)
    assert conference.starts_at.month == 10
    assert today - dt.timedelta(days=400) < conference.starts_at.date() < today
    assert conference.dates.count() == 3
    went = set(
        Registration.objects.filter(session=conference, status=S.ATTENDED).values_list(
            "person__last_name", flat=True
        )
    )
    assert {"Fischer", "Porter", "Ortiz", "Liu"} <= went
    # The next one is open for registration, and Megan is going again.
    upcoming = Session.objects.get(
        offering__title="OVLA Annual Conference", starts_at__gt=timezone.now()
    )
    assert upcoming.starts_at.date() == next_conference_day(today)
    assert upcoming.registration_deadline > timezone.now()
    assert upcoming.registrations.filter(person=person("Megan", "Fischer")).exists()


def test_workshops_repeat_in_several_regions_and_megan_attended_both(demo):
    megan = person("Megan", "Fischer")
    for title, regions in (
        ("Interlibrary loan: borrowing, lending and the state network", 3),
        ("Copyright for course reserves", 2),
    ):
        sessions = Session.objects.filter(offering__title=title)
        assert sessions.values("region").distinct().count() >= regions, title
        assert sessions.filter(starts_at__gt=timezone.now()).exists(), title
        assert title in titles(megan)


def test_the_branch_mentors_trainings_are_attended_by_pages(demo):
    marcus = person("Marcus", "Bell")
    run_by_marcus = Session.objects.filter(facilitators=marcus)
    assert run_by_marcus.exists()
    assert set(run_by_marcus.values_list("venue_branch__name", flat=True)) == {"Riverbend Branch"}
    assert set(run_by_marcus.values_list("offering__provider_library__slug", flat=True)) == {
        "maple-county"
    }

    for first, last in (("Hannah", "Kowalski"), ("Rosa", "Delgado"), ("Tyler", "Nguyen")):
        who = person(first, last)
        records = TrainingRecord.objects.filter(person=who, registration__session__in=run_by_marcus)
        assert records.count() >= 2, who
        for record in records:
            # Attended as a page: the job held on the day of the training.
            job = Employment.objects.current(record.completed_on).get(person=who)
            assert job.job_class.code == "page", (who, record)
            # Technology is not a page's job: on their evaluation it is above and beyond.
            assert record.above_and_beyond and record.above_and_beyond_reason


def test_attendance_made_the_transcript_certificates_and_skills_evidence(demo):
    hannah = person("Hannah", "Kowalski")
    records = TrainingRecord.objects.filter(person=hannah)

    assert records.count() >= 3
    # Every record made by attendance carries a certificate.
    attended = records.filter(registration__isnull=False)
    assert attended.count() >= 3
    assert all(Certificate.objects.filter(record=r, revoked_at=None).exists() for r in attended)
    from_training = Evidence.objects.filter(
        person=hannah, kind="training", source_ref__startswith="learning.trainingrecord:"
    )
    assert from_training.filter(competency__code="ils-searching").exists()
    # Her transcript through the API, as she would read it.
    body = ApiClient(token_for(hannah)).get("me/transcript").json()
    assert body["total"]["count"] == records.filter(status="verified").count()
    assert body["above_and_beyond_count"] >= 3


def test_a_free_webinar_every_month_past_and_coming(demo):
    today = timezone.localdate()
    # The association's monthly series (other parts of the demo add webinars of their own).
    titles = [f"Webinar: {topic}" for topic, _ in WEBINAR_TOPICS.values()]
    # From six months back (the history adds the years before).
    since = dt.datetime.combine(webinar_days(today)[0], dt.time(), tzinfo=dt.UTC)
    webinars = Session.objects.filter(
        offering__kind="webinar", offering__title__in=titles, starts_at__gte=since
    )

    days = sorted(webinars.values_list("starts_at", flat=True))
    assert [d.astimezone(dt.UTC).date() for d in days] == webinar_days(today)
    assert all(not s.offering.fee and s.online_url and s.is_online for s in webinars)
    assert webinars.filter(ends_at__lt=timezone.now()).count() >= 6
    assert webinars.filter(starts_at__gt=timezone.now()).count() >= 5
    held = webinars.filter(ends_at__lt=timezone.now())
    assert Registration.objects.filter(session__in=held, status=S.ATTENDED).count() >= 18
    assert Registration.objects.filter(session__in=held, status=S.NO_SHOW).exists()


def test_some_coming_sessions_are_full_with_a_waitlist(demo):
    coming = Session.objects.filter(starts_at__gt=timezone.now()).annotate(
        seated=Count("registrations", filter=Q(registrations__status__in=Registration.SEATED)),
        waiting=Count("registrations", filter=Q(registrations__status=S.WAITLISTED)),
    )
    full = [s for s in coming if s.seated == s.capacity and s.waiting]

    assert len(full) >= 2
    for session in coming:
        assert session.seated <= session.capacity, session


def test_every_registration_is_in_its_audience(demo):
    pairs = Registration.objects.select_related("person", "session__offering")
    for registration in pairs:
        ok, reason = in_audience(registration.person, registration.session.offering)
        assert ok, (registration, reason)


def test_pine_hollow_runs_its_own_training(demo):
    own = Session.objects.filter(offering__provider_library__slug="pine-hollow")

    assert own.filter(ends_at__lt=timezone.now(), registrations__status=S.ATTENDED).exists()
    assert own.filter(starts_at__gt=timezone.now(), registrations__status=S.CONFIRMED).exists()


def test_millbrook_requests_wait_for_approval(demo):
    beth = person("Beth", "Sorensen")

    queue = approval_queue(access_for(beth))

    assert {r.person.first_name for r in queue} == {"Owen", "Marisol"}


def test_organisers_have_feedback_and_supervisors_something_to_verify(demo):
    assert Feedback.objects.count() >= 5
    megan = person("Megan", "Fischer")
    pending = TrainingRecord.objects.get(person=megan, status="pending")
    assert pending.evidence_name == "certificate.pdf"
    kayla = person("Kayla", "Brewer")
    assert TrainingRecord.objects.filter(
        person=kayla, registration__isnull=True, status="verified"
    ).exists()


def test_running_the_demo_twice_adds_no_training(demo):
    before = {model.__name__: model.objects.count() for model in MODELS}
    statuses = dict(Registration.objects.values_list("pk", "status"))

    run_demo()

    assert {model.__name__: model.objects.count() for model in MODELS} == before
    assert dict(Registration.objects.values_list("pk", "status")) == statuses


@pytest.mark.parametrize(
    "today",
    [dt.date(2025, 1, 1), dt.date(2025, 10, 16), dt.date(2025, 10, 20), dt.date(2025, 12, 31)],
)
def test_the_demo_calendar_holds_whatever_the_day(today):
    last, following = last_conference_day(today), next_conference_day(today)

    assert last.month == following.month == 10
    assert last + dt.timedelta(days=2) < today < following - dt.timedelta(days=21)
    assert following.year - last.year in (1, 2)
    webinars = webinar_days(today)
    assert len({(d.year, d.month) for d in webinars}) == 12
    assert all(d.weekday() == 2 and 15 <= d.day <= 21 for d in webinars)
    assert sum(d < today for d in webinars) >= 6
