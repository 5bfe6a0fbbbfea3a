"""Demo data: shared learning.

- The association's LinkedIn Learning contract: three seats shared by every member library's
  staff, two-week windows, a 90-day cooldown; all seats are taken and two people wait in the
  queue (the one who never had a window first).
- Four roundtables (Paraprofessionals, Circulation, Cataloguing, Directors) with conveners,
  members, a past meeting each whose attendance is on the members' transcripts, notes and a
  shared link; and a next meeting to register for.
- Hannah Kowalski, a page at Riverbend, asked the branch mentor Marcus Bell how to search the
  catalogue: he accepted, they met for an hour, and he completed the request (a one-on-one
  training record on her transcript and an evidence entry in her skills log).
- Free webinars next month come from ladder.demo.learning (the monthly webinar), so the
  digest preview is never empty.

Safe to run again: pools, roundtables, memberships, meetings, notes, resources and the
coaching request are looked up by natural keys before anything is created; attendance is
marked once; the coaching evidence carries `coaching:<id>` and is recorded once.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from ladder.demo.skills import _e
from ladder.learning.models import (
    Offering,
    Registration,
    Session,
    SessionDate,
    TrainingCompetency,
    TrainingRecord,
)
from ladder.learning.registrations import attendance_mark
from ladder.orgs.models import Network
from ladder.people.models import Person
from ladder.shared_learning.models import (
    CoachingRequest,
    CoachingSession,
    LicencePool,
    LicenceRequest,
    LicenceWindow,
    MeetingNote,
    Roundtable,
    RoundtableMembership,
    RoundtableResource,
)
from ladder.shared_learning.roundtables import roundtable_create
from ladder.skills.models import Competency, Evidence, EvidenceKind, Interest
from ladder.skills.ratings import evidence_record_system

NETWORK = "ohio-valley"
MAPLE = "maplecountylibrary.example"
BROOKFIELD = "brookfieldcollege.example"
MILLBROOK = "millbrooklibrary.example"
PINE_HOLLOW = "pinehollowlibrary.example"
COORDINATOR = "lorraine.baxter@ovla.example"
MARCUS = "marcus.bell@maplecountylibrary.example"


def _person(email: str) -> Person | None:
    return Person.objects.filter(email=email).first()


def _people(*emails: str) -> list[Person]:
    found = {p.email: p for p in Person.objects.filter(email__in=emails)}
    return [found[e] for e in emails if e in found]


def seed_shared_learning() -> None:
    """Seed (or bring up to date) this part of the demo. Idempotent."""
    network = Network.objects.filter(slug=NETWORK).first()
    coordinator = _person(COORDINATOR)
    if network is None or coordinator is None:
        return
    _licence_pool(network)
    _roundtables(network, coordinator)
    _coaching()


# --- the e-learning contract ----------------------------------------------------------------


def _licence_pool(network: Network) -> None:
    pool, _ = LicencePool.objects.get_or_create(
        network=network,
        name="LinkedIn Learning",
        defaults={
            "platform": "LinkedIn Learning",
            "url": "https://www.linkedin.com/learning/",
            "description": "The association's contract: video courses on software, "
            "management and customer service. Ask for a two-week window; if every seat is "
            "taken you join the queue.",
            "seats": 3,
            "window_days": 14,
            "cooldown_days": 90,
            "max_start_delay_days": 14,
        },
    )
    today = timezone.localdate()
    # (person, window started this many days ago)
    holders = [
        (_e(MAPLE, "claire", "donnelly"), 10),
        (_e(BROOKFIELD, "megan", "fischer"), 4),
        (_e(MAPLE, "jamal", "washington"), 1),
    ]
    for email, ago in holders:
        person = _person(email)
        if person is None:
            continue
        if LicenceWindow.objects.filter(pool=pool, person=person).exists():
            continue
        start = today - dt.timedelta(days=ago)
        LicenceWindow.objects.create(
            pool=pool,
            person=person,
            starts_on=start,
            ends_on=start + dt.timedelta(days=pool.window_days - 1),
            status=LicenceWindow.Status.ACTIVE,
        )
    # An earlier window of Ellen's, so she queues behind someone who never had one.
    ellen = _person(_e(MAPLE, "ellen", "marsh"))
    if ellen is not None and not LicenceWindow.objects.filter(pool=pool, person=ellen).exists():
        LicenceWindow.objects.create(
            pool=pool,
            person=ellen,
            starts_on=today - dt.timedelta(days=130),
            ends_on=today - dt.timedelta(days=117),
            status=LicenceWindow.Status.ENDED,
            ended_at=timezone.now() - dt.timedelta(days=116),
        )
    queue = [
        (ellen, False, 3),
        (_person(_e(MAPLE, "rosa", "delgado")), True, 2),
    ]
    for person, never, days_ago in queue:
        if person is None or LicenceRequest.objects.filter(pool=pool, person=person).exists():
            continue
        LicenceRequest.objects.create(
            pool=pool,
            person=person,
            never_had_window=never,
            requested_at=timezone.now() - dt.timedelta(days=days_ago),
        )


# --- roundtables ----------------------------------------------------------------------------

ROUNDTABLES: list[tuple[str, str, list[str], list[str], str]] = [
    # (name, description, conveners, members, note of the last meeting)
    (
        "Paraprofessionals",
        "Library assistants, technicians and pages: sharing what works at the desk and "
        "in the stacks, and how to grow in the job.",
        [_e(MAPLE, "rosa", "delgado")],
        [
            _e(MAPLE, "tyler", "nguyen"),
            _e(MAPLE, "jamal", "washington"),
            _e(MAPLE, "hannah", "kowalski"),
            _e(MILLBROOK, "frank", "delaney"),
        ],
        "Shelving shortcuts; how pages at Riverbend learned the catalogue one-on-one.",
    ),
    (
        "Circulation",
        "Holds, delivery, fines-free policies and the circulation desk.",
        [_e(MILLBROOK, "beth", "sorensen")],
        [_e(MILLBROOK, "frank", "delaney"), _e(MAPLE, "rosa", "delgado")],
        "Fines-free one year on: Millbrook's numbers. Holds shelf self-service.",
    ),
    (
        "Cataloguing",
        "Copy cataloguing, RDA questions and keeping the shared catalogue clean.",
        [_e(BROOKFIELD, "megan", "fischer")],
        [_e(MAPLE, "claire", "donnelly"), _e(MAPLE, "ellen", "marsh")],
        "Duplicate records in the union catalogue: who merges, and how.",
    ),
    (
        "Directors",
        "Library directors and branch managers: budgets, boards and staffing.",
        [COORDINATOR],
        [_e(MAPLE, "denise", "okafor"), _e(MILLBROOK, "beth", "sorensen")],
        "Levy campaigns and the state budget; sharing temp staff in the summer.",
    ),
]


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _meeting(roundtable: Roundtable, title: str, day: dt.date, conveners: list[Person]) -> Session:
    session = Session.objects.filter(offering=roundtable.offering, title=title).first()
    if session is not None:
        return session
    # Written as rows: the scheduling service refuses dates in the past.
    session = Session.objects.create(
        offering=roundtable.offering,
        title=title,
        starts_at=_at(day, 15),
        ends_at=_at(day, 16),
        capacity=40,
        online_url=f"https://ovla.example/roundtables/{roundtable.slug}",
    )
    SessionDate.objects.create(
        session=session, starts_at=session.starts_at, ends_at=session.ends_at
    )
    session.facilitators.set(conveners)
    return session


def _roundtables(network: Network, coordinator: Person) -> None:
    today = timezone.localdate()
    for name, description, convener_emails, member_emails, note in ROUNDTABLES:
        conveners = _people(*convener_emails)
        members = _people(*member_emails)
        roundtable = Roundtable.objects.filter(network=network, name=name).first()
        if roundtable is None:
            roundtable = roundtable_create(
                by=coordinator,
                network=network,
                name=name,
                description=description,
                conveners=conveners,
            )
        Offering.objects.filter(pk=roundtable.offering_id, ce_hours=0).update(ce_hours=Decimal("1"))
        for person in [*conveners, *members]:
            if person.pk == coordinator.pk:
                continue
            RoundtableMembership.objects.get_or_create(
                roundtable=roundtable,
                person=person,
                left_on__isnull=True,
                defaults={"joined_on": today - dt.timedelta(days=120)},
            )
        runner = conveners[0] if conveners else coordinator
        past = _meeting(roundtable, "Spring meeting", today - dt.timedelta(days=45), conveners)
        for person in members:
            registration, _ = Registration.objects.get_or_create(
                session=past,
                person=person,
                defaults={"status": Registration.Status.CONFIRMED},
            )
            if registration.status == Registration.Status.CONFIRMED:
                attendance_mark(by=coordinator, registration=registration, attended=True)
        if not MeetingNote.objects.filter(roundtable=roundtable, session=past).exists():
            MeetingNote.objects.create(
                roundtable=roundtable, session=past, body=note, author=runner
            )
        RoundtableResource.objects.get_or_create(
            roundtable=roundtable,
            title=f"{name} roundtable: shared folder",
            defaults={
                "url": f"https://ovla.example/roundtables/{roundtable.slug}/shared",
                "added_by": runner,
            },
        )
        _meeting(roundtable, "Autumn meeting", today + dt.timedelta(days=30), conveners)


# --- one-on-one teaching ----------------------------------------------------------------------


def _coaching() -> None:
    hannah = _person(_e(MAPLE, "hannah", "kowalski"))
    marcus = _person(MARCUS)
    searching = Competency.objects.filter(code="ils-searching").first()
    if hannah is None or marcus is None or searching is None:
        return
    if not marcus.is_mentor:
        marcus.is_mentor = True
        marcus.save(update_fields=["is_mentor"])
    interest, _ = Interest.objects.get_or_create(person=marcus)
    interest.teach.add(searching)
    # His supervisor rated him expert, so Ladder suggests him for the catalogue.
    if not Evidence.objects.filter(person=marcus, source_ref="demo:marcus-searching").exists():
        evidence_record_system(
            person=marcus,
            competency=searching,
            kind=EvidenceKind.SUPERVISOR,
            level=4,
            note="Teaches the catalogue to every new page.",
            source_ref="demo:marcus-searching",
            recorded_by=_person(_e(MAPLE, "denise", "okafor")),
        )
    job = hannah.employments.order_by("-start_date").first()
    if job is None:
        return
    asked = timezone.now() - dt.timedelta(days=60)
    request, _ = CoachingRequest.objects.get_or_create(
        learner=hannah,
        mentor=marcus,
        competency=searching,
        defaults={
            "library_id": job.library_id,
            "topic": "Searching the catalogue",
            "details": "How to search the catalogue for a patron's book myself, including "
            "holds on items at other branches.",
            "preferred_times": "Saturday mornings, before opening",
            "preferred_place": "Riverbend Branch, the public computers",
            "status": CoachingRequest.Status.ACCEPTED,
            "created_at": asked,
            "accepted_at": asked + dt.timedelta(days=1),
        },
    )
    held_at = (request.accepted_at or asked) + dt.timedelta(days=9)
    if not request.sessions.exists():
        CoachingSession.objects.create(
            request=request,
            starts_at=held_at,
            minutes=60,
            place="Riverbend Branch",
            held=True,
            notes="Keyword vs. title searches, limits, placing holds for patrons.",
        )
    if request.status != CoachingRequest.Status.COMPLETED:
        record = TrainingRecord.objects.create(
            person=hannah,
            title="One-on-one: Searching the catalogue",
            kind=Offering.Kind.ONE_ON_ONE,
            provider=marcus.display_name,
            completed_on=timezone.localdate(held_at),
            hours=Decimal("1.00"),
            status=TrainingRecord.Status.VERIFIED,
            verified_by=marcus,
            verified_at=held_at,
        )
        TrainingCompetency.objects.create(record=record, competency=searching, level=2)
        request.status = CoachingRequest.Status.COMPLETED
        request.completed_at = held_at
        request.level_reached = 2
        request.training_record = record
        request.mentor_note = "Hannah finds and places holds on her own now."
        request.save()
    ref = f"coaching:{request.pk}"
    if not Evidence.objects.filter(person=hannah, source_ref=ref).exists():
        evidence_record_system(
            person=hannah,
            competency=searching,
            kind=EvidenceKind.COACHING,
            level=2,
            note="One-on-one teaching by Marcus Bell: searching the catalogue.",
            source_ref=ref,
            recorded_by=marcus,
        )
