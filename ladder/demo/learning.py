"""The learning part of the demo network: a year of training, and the stories it tells.

- The Ohio Valley Library Association's annual conference, last autumn in Columbus: Megan
  Fischer went with the Brookfield librarians (and a few from other members). The next one
  is open for registration.
- Area workshops repeated in several regions so everyone has one nearby: interlibrary loan
  (three regions) and copyright for course reserves (two). Megan attended both in Central
  Ohio; the next copyright workshop there is full, with a waitlist.
- Marcus Bell's technology trainings at Maple County's Riverbend branch, open to everyone and
  attended by pages: Hannah Kowalski this year, Rosa Delgado and Tyler Nguyen years ago when
  they were pages. His next devices session is full, with a waitlist.
- A free webinar on the third Wednesday of every month: the past six and the coming six.
- Pine Hollow's in-house training: a staff day on readers' advisory, weeding at Cedar Fork.
- Millbrook requires supervisor approval (desk coverage with a part-time staff): two requests
  wait for Beth Sorensen.
- Feedback from attendees; reported external learning, one verified and one waiting.

Offerings, sessions, competencies, attendance, feedback and reported learning go through the
services, so attendance makes the transcript, the certificates and the skills evidence.
Registrations for coming sessions go through registration_create (and registration_approve
where the library asks for approval), so a seat is taken only when one is free and the rest
wait; their e-mails are held back (seeding must not e-mail every demo person). The service
refuses sessions that have begun, so past registrations are written by seat_taken(): under the
session's capacity lock, within capacity, as the service would. Seeding twice never oversells.

Dates are relative to today, so the stories stay true whenever the demo is seeded. Safe to run
again: offerings are found by (provider, title), sessions by (offering, title), registrations
by (session, person); attendance is marked once, feedback and reports are looked up first.
"""

from __future__ import annotations

import calendar
import contextlib
import datetime as dt
import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from ladder.demo.names import email_local_part
from ladder.demo.seeding import years_ago
from ladder.learning import notify
from ladder.learning.feedback import feedback_create
from ladder.learning.models import Feedback, Offering, Registration, Session, TrainingRecord
from ladder.learning.offerings import (
    OfferingFields,
    offering_competency_set,
    offering_create,
    session_create,
)
from ladder.learning.registrations import (
    attendance_mark,
    lock_session,
    registration_approve,
    registration_create,
    seated_count,
)
from ladder.learning.transcript import (
    ReportedCompetency,
    external_learning_report,
    external_learning_verify,
)
from ladder.orgs.models import Branch, Library, Network
from ladder.people.models import Employment, Person
from ladder.skills.models import Competency

ZONE = zoneinfo.ZoneInfo("America/New_York")
NETWORK = "ohio-valley"
MAPLE = "maplecountylibrary.example"
BROOKFIELD = "brookfieldcollege.example"
PINE_HOLLOW = "pinehollowlibrary.example"
MILLBROOK = "millbrooklibrary.example"
COORDINATOR = "lorraine.baxter@ovla.example"
S = Registration.Status
# A tiny valid PDF: the evidence of reported learning.
EVIDENCE_PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
)


def _e(domain: str, first: str, last: str) -> str:
    return f"{email_local_part(first, last)}@{domain}"


# --- whom and when --------------------------------------------------------------------------

MEGAN = _e(BROOKFIELD, "megan", "fischer")
ELAINE = _e(BROOKFIELD, "elaine", "porter")
SAMUEL = _e(BROOKFIELD, "samuel", "ortiz")
GRACE = _e(BROOKFIELD, "grace", "liu")
MARCUS = _e(MAPLE, "marcus", "bell")
HANNAH = _e(MAPLE, "hannah", "kowalski")
ROSA = _e(MAPLE, "rosa", "delgado")
TYLER = _e(MAPLE, "tyler", "nguyen")
PRIYA = _e(MAPLE, "priya", "raman")
AMBER = _e(MAPLE, "amber", "collins")
JAMAL = _e(MAPLE, "jamal", "washington")
CLAIRE = _e(MAPLE, "claire", "donnelly")
MONIQUE = _e(MAPLE, "monique", "carter")
SOPHIE = _e(MAPLE, "sophie", "brennan")
DOUG = _e(MAPLE, "doug", "hensley")
RICK = _e(MAPLE, "rick", "sandoval")
LI = _e(MAPLE, "li", "wei")
ELLEN = _e(MAPLE, "ellen", "marsh")
HAROLD = _e(MAPLE, "harold", "jennings")
PATRICIA = _e(MAPLE, "patricia", "lindqvist")
RUTH = _e(PINE_HOLLOW, "ruth ann", "caldwell")
JOLENE = _e(PINE_HOLLOW, "jolene", "harper")
TRAVIS = _e(PINE_HOLLOW, "travis", "mullins")
KAYLA = _e(PINE_HOLLOW, "kayla", "brewer")
EARL = _e(PINE_HOLLOW, "earl", "pruitt")
WANDA = _e(PINE_HOLLOW, "wanda", "stiles")
BETTY = _e(PINE_HOLLOW, "betty", "morrow")
BETH = _e(MILLBROOK, "beth", "sorensen")
LAURA = _e(MILLBROOK, "laura", "kim")
OWEN = _e(MILLBROOK, "owen", "fairbanks")
MARISOL = _e(MILLBROOK, "marisol", "vega")
GAIL = _e(MILLBROOK, "gail", "hutchins")
DOLORES = _e(MILLBROOK, "dolores", "rinaldi")
JOYCE = _e(MILLBROOK, "joyce", "albright")
PETE = _e(MILLBROOK, "pete", "lawson")
IVY = _e(MILLBROOK, "ivy", "chen")
COLIN = _e(MILLBROOK, "colin", "baptiste")


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The n-th given weekday (0 = Monday) of a month."""
    days = [d for d in calendar.Calendar().itermonthdates(year, month) if d.month == month]
    return [d for d in days if d.weekday() == weekday][n - 1]


def last_conference_day(today: dt.date) -> dt.date:
    """The first day (the third Wednesday of October) of the latest conference that is over."""
    for year in (today.year, today.year - 1):
        start = _nth_weekday(year, 10, calendar.WEDNESDAY, 3)
        if start + dt.timedelta(days=2) < today:
            return start
    raise AssertionError("unreachable: last year's conference is always over")


def next_conference_day(today: dt.date) -> dt.date:
    """The next conference still open for registration (its deadline three weeks before)."""
    for year in (today.year, today.year + 1):
        start = _nth_weekday(year, 10, calendar.WEDNESDAY, 3)
        if start - dt.timedelta(days=21) > today:
            return start
    raise AssertionError("unreachable: next year's conference is always ahead")


def webinar_days(today: dt.date) -> list[dt.date]:
    """The third Wednesday of the six months before this one, this one, and the five after."""
    days = []
    for offset in range(-6, 6):
        month_index = today.year * 12 + today.month - 1 + offset
        year, month = divmod(month_index, 12)
        days.append(_nth_weekday(year, month + 1, calendar.WEDNESDAY, 3))
    return days


# --- what is offered ------------------------------------------------------------------------


@dataclass(frozen=True)
class OfferingSpec:
    title: str
    kind: str
    description: str
    provider: str  # a library's slug, or "" for the network
    competencies: dict[str, int]
    ce_hours: str
    ce_credits: str = "0"
    fee: str = "0"
    paid_by: str = Offering.PaidBy.FREE


@dataclass(frozen=True)
class SessionSpec:
    """One session. Past sessions (started before now) have their attendance marked."""

    label: str  # the title is the label and the month, e.g. "Central Ohio, March 2025"
    dates: list[dt.date]
    hours: tuple[int, int]
    capacity: int
    runner: str  # who marks attendance: a facilitator
    facilitators: list[str] = field(default_factory=list)
    branch: tuple[str, str] | None = None  # (library slug, branch name)
    address: str = ""
    online_url: str = ""
    region: str = ""
    seated: list[str] = field(default_factory=list)  # attended (past) or holding a seat
    no_show: list[str] = field(default_factory=list)
    waiting: list[str] = field(default_factory=list)
    requested: list[str] = field(default_factory=list)
    feedback: dict[str, tuple[int, str]] = field(default_factory=dict)
    deadline_days_before: int = 0


CONFERENCE = OfferingSpec(
    "OVLA Annual Conference",
    Offering.Kind.CONFERENCE,
    "Three days of sessions, workshops and exhibits for everyone who works in Ohio's "
    "libraries: tracks on access services, technology, youth services and leadership.",
    "",
    {"foundations-growth": 2, "foundations-purpose": 2},
    ce_hours="15",
    ce_credits="1.5",
    fee="225",
    paid_by=Offering.PaidBy.LIBRARY,
)
ILL_WORKSHOP = OfferingSpec(
    "Interlibrary loan: borrowing, lending and the state network",
    Offering.Kind.WORKSHOP,
    "Requesting and lending through the statewide system, tracking items and the lending rules "
    "members agreed on. Repeated in every region so everyone has one nearby.",
    "",
    {"ill-borrowing": 3, "ill-lending": 3, "ill-rules": 2},
    ce_hours="3",
    ce_credits="0.3",
)
COPYRIGHT_WORKSHOP = OfferingSpec(
    "Copyright for course reserves",
    Offering.Kind.WORKSHOP,
    "Fair use, the TEACH Act and licences, applied to print and electronic reserves.",
    "",
    {"copyright-basics": 3, "copyright-fair-use": 2, "reserves-electronic": 2},
    ce_hours="2.5",
    ce_credits="0.25",
    fee="40",
    paid_by=Offering.PaidBy.NETWORK,
)
CATALOGUE_SEARCH = OfferingSpec(
    "Searching the catalogue like a pro",
    Offering.Kind.IN_HOUSE,
    "Marcus Bell shows how to find anything in the catalogue: keyword and subject searches, "
    "limits, holds for patrons. Open to everyone, pages included.",
    "maple-county",
    {"ils-searching": 2},
    ce_hours="1.5",
)
EBOOKS = OfferingSpec(
    "eBooks and e-readers: helping patrons",
    Offering.Kind.IN_HOUSE,
    "Libby, Hoopla and the e-readers patrons bring to the desk, hands-on with Marcus Bell.",
    "maple-county",
    {"eres-ebooks": 2, "eres-ereaders": 2},
    ce_hours="2",
)
DEVICES = OfferingSpec(
    "Patrons' devices, printing and Wi-Fi",
    Offering.Kind.IN_HOUSE,
    "The questions the technology help desk gets most, and how to answer them.",
    "maple-county",
    {"tech-patron-help": 2, "tech-devices": 2},
    ce_hours="2",
)
STAFF_DAY = OfferingSpec(
    "Staff day: readers' advisory for every patron",
    Offering.Kind.IN_HOUSE,
    "Pine Hollow's yearly staff day: the readers' advisory conversation and the genres "
    "patrons ask about.",
    "pine-hollow",
    {"ra-conversation": 2, "ra-genres": 2},
    ce_hours="3",
)
WEEDING = OfferingSpec(
    "Weeding the collection with CREW",
    Offering.Kind.IN_HOUSE,
    "Using the CREW method on a small branch's shelves, at Cedar Fork.",
    "pine-hollow",
    {"coll-weeding": 2},
    ce_hours="2",
)

# The monthly webinar's topic by calendar month, so a month always has the same one.
WEBINAR_TOPICS: dict[int, tuple[str, str]] = {
    1: ("Year-end statistics from your ILS", "ils-reports"),
    2: ("Privacy at the circulation desk", "foundations-privacy"),
    3: ("Weeding without worry", "coll-weeding"),
    4: ("Story time on a shoestring", "youth-storytime"),
    5: ("Summer reading outreach", "prog-outreach"),
    6: ("Difficult conversations at the desk", "communication-difficult"),
    7: ("Recruiting and keeping volunteers", "sup-volunteers"),
    8: ("Databases every patron should know", "eres-databases"),
    9: ("Office software tips for library staff", "tech-office"),
    10: ("Copy cataloging basics", "cat-copy"),
    11: ("Programs for adults on a budget", "prog-planning"),
    12: ("Readers' advisory in a hurry", "ra-conversation"),
}
WEBINAR_POOL = [
    GAIL, CLAIRE, KAYLA, OWEN, DOLORES, EARL, SOPHIE, JOYCE, WANDA, MARISOL, DOUG, PETE,
    BETTY, IVY, COLIN, MONIQUE,
]  # fmt: skip


def _days(offset: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=offset)


def _series(first: dt.date, count: int) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range(count)]


def _workshop_sessions() -> list[tuple[OfferingSpec, SessionSpec]]:
    hale = ("brookfield-college", "Hale Library")
    maple_main = ("maple-county", "Main Library")
    pine = ("pine-hollow", "Pine Hollow Library")
    millbrook = ("millbrook-township", "Millbrook Township Library")
    return [
        (
            ILL_WORKSHOP,
            SessionSpec(
                "Central Ohio",
                [_days(-118)],
                (9, 12),
                25,
                COORDINATOR,
                [COORDINATOR],
                branch=hale,
                seated=[MEGAN, GRACE],
                feedback={MEGAN: (4, "A useful refresher on the lending rules we agreed on.")},
            ),
        ),
        (
            ILL_WORKSHOP,
            SessionSpec(
                "Miami Valley",
                [_days(-111)],
                (9, 12),
                25,
                COORDINATOR,
                [COORDINATOR],
                branch=maple_main,
                seated=[CLAIRE, MONIQUE, SOPHIE],
                no_show=[DOUG],
                feedback={CLAIRE: (5, "Clear and practical; I use the tracking tips daily.")},
            ),
        ),
        (
            ILL_WORKSHOP,
            SessionSpec(
                "Hocking Hills",
                [_days(-104)],
                (13, 16),
                20,
                COORDINATOR,
                [COORDINATOR],
                branch=pine,
                seated=[KAYLA, BETTY, EARL],
            ),
        ),
        (
            ILL_WORKSHOP,
            SessionSpec(
                "Western Reserve",
                [_days(24)],
                (9, 12),
                20,
                COORDINATOR,
                [COORDINATOR],
                branch=millbrook,
                seated=[GAIL],
                requested=[OWEN, MARISOL],
                deadline_days_before=3,
            ),
        ),
        (
            ILL_WORKSHOP,
            SessionSpec(
                "Miami Valley",
                [_days(38)],
                (9, 12),
                25,
                COORDINATOR,
                [COORDINATOR],
                branch=maple_main,
                seated=[RICK, LI],
                deadline_days_before=3,
            ),
        ),
        (
            COPYRIGHT_WORKSHOP,
            SessionSpec(
                "Central Ohio",
                [_days(-75)],
                (13, 15),
                20,
                COORDINATOR,
                [COORDINATOR],
                branch=hale,
                seated=[MEGAN, SAMUEL],
                feedback={MEGAN: (5, "Finally I can explain fair use for e-reserves to faculty.")},
            ),
        ),
        (
            COPYRIGHT_WORKSHOP,
            SessionSpec(
                "Western Reserve",
                [_days(-68)],
                (13, 15),
                20,
                COORDINATOR,
                [COORDINATOR],
                branch=millbrook,
                seated=[BETH, LAURA],
            ),
        ),
        (
            # Full: eight seats taken, three people waiting in the order they came.
            COPYRIGHT_WORKSHOP,
            SessionSpec(
                "Central Ohio",
                [_days(31)],
                (13, 15),
                8,
                COORDINATOR,
                [COORDINATOR],
                branch=hale,
                seated=[GRACE, ELAINE, LI, ELLEN, JOLENE, TRAVIS, KAYLA, HAROLD],
                waiting=[CLAIRE, MONIQUE, RICK],
                deadline_days_before=2,
            ),
        ),
        (
            COPYRIGHT_WORKSHOP,
            SessionSpec(
                "Hocking Hills",
                [_days(45)],
                (13, 15),
                20,
                COORDINATOR,
                [COORDINATOR],
                branch=pine,
                seated=[BETTY],
                deadline_days_before=2,
            ),
        ),
    ]


def _conference_sessions() -> list[tuple[OfferingSpec, SessionSpec]]:
    today = timezone.localdate()
    columbus = "Greater Columbus Convention Center, 400 N High St, Columbus, OH 43215"
    return [
        (
            CONFERENCE,
            SessionSpec(
                "Columbus",
                _series(last_conference_day(today), 3),
                (9, 17),
                400,
                COORDINATOR,
                [COORDINATOR],
                address=columbus,
                region="Central Ohio",
                seated=[MEGAN, ELAINE, SAMUEL, GRACE, JOLENE, HAROLD, LAURA],
                feedback={
                    MEGAN: (5, "The copyright and ILL tracks alone were worth the trip."),
                    SAMUEL: (4, "Good instruction sessions; too many vendor talks."),
                },
            ),
        ),
        (
            CONFERENCE,
            SessionSpec(
                "Columbus",
                _series(next_conference_day(today), 3),
                (9, 17),
                400,
                COORDINATOR,
                [COORDINATOR],
                address=columbus,
                region="Central Ohio",
                seated=[MEGAN, ELAINE, GRACE, CLAIRE],
                deadline_days_before=21,
            ),
        ),
    ]


def _riverbend_sessions() -> list[tuple[OfferingSpec, SessionSpec]]:
    riverbend = ("maple-county", "Riverbend Branch")

    def at_riverbend(
        spec: OfferingSpec,
        day: dt.date,
        seated: list[str],
        feedback: dict[str, tuple[int, str]] | None = None,
    ) -> tuple[OfferingSpec, SessionSpec]:
        session = SessionSpec(
            "Riverbend",
            [day],
            (10, 12),
            8,
            MARCUS,
            [MARCUS],
            branch=riverbend,
            seated=seated,
            feedback=feedback or {},
        )
        return spec, session

    return [
        # Rosa and Tyler when they were pages (their page years: see maple_county.py).
        at_riverbend(CATALOGUE_SEARCH, years_ago(5, 3, 12), [ROSA]),
        at_riverbend(EBOOKS, years_ago(5, 10, 8), [ROSA]),
        at_riverbend(CATALOGUE_SEARCH, years_ago(3, 4, 16), [TYLER]),
        at_riverbend(EBOOKS, years_ago(3, 2, 10), [TYLER]),
        # This year's pages, Hannah among them (a page since September last year).
        at_riverbend(
            CATALOGUE_SEARCH,
            _days(-95),
            [HANNAH, PRIYA, AMBER, JAMAL],
            {HANNAH: (5, "Now I can find a book for a patron myself.")},
        ),
        at_riverbend(
            EBOOKS,
            _days(-40),
            [HANNAH, PRIYA, AMBER, MONIQUE],
            {
                HANNAH: (5, "Marcus made Libby easy to explain."),
                PRIYA: (4, "More time with the e-readers, please."),
            },
        ),
        at_riverbend(DEVICES, _days(-35), [HANNAH, JAMAL, DOUG]),
        at_riverbend(CATALOGUE_SEARCH, _days(17), [SOPHIE, RICK]),
        # Full: six seats taken, two people waiting.
        (
            DEVICES,
            SessionSpec(
                "Riverbend",
                [_days(10)],
                (10, 12),
                6,
                MARCUS,
                [MARCUS],
                branch=riverbend,
                seated=[PRIYA, AMBER, SOPHIE, RICK, LI, MONIQUE],
                waiting=[CLAIRE, ELLEN],
            ),
        ),
    ]


def _pine_hollow_sessions() -> list[tuple[OfferingSpec, SessionSpec]]:
    return [
        (
            STAFF_DAY,
            SessionSpec(
                "Pine Hollow",
                [_days(-55)],
                (9, 15),
                12,
                JOLENE,
                [JOLENE],
                branch=("pine-hollow", "Pine Hollow Library"),
                seated=[TRAVIS, KAYLA, EARL, WANDA, BETTY],
                feedback={WANDA: (5, "I feel ready for 'what should I read next?' now.")},
            ),
        ),
        (
            WEEDING,
            SessionSpec(
                "Cedar Fork",
                [_days(26)],
                (10, 12),
                8,
                TRAVIS,
                [TRAVIS],
                branch=("pine-hollow", "Cedar Fork Branch"),
                seated=[BETTY, EARL, WANDA, KAYLA],
            ),
        ),
    ]


def _webinar_sessions() -> list[tuple[OfferingSpec, SessionSpec]]:
    sessions = []
    for number, day in enumerate(webinar_days(timezone.localdate())):
        topic, code = WEBINAR_TOPICS[day.month]
        spec = OfferingSpec(
            f"Webinar: {topic}",
            Offering.Kind.WEBINAR,
            "The association's free monthly webinar: an hour, online, recorded for members.",
            "",
            {code: 1},
            ce_hours="1",
            ce_credits="0.1",
        )
        start = (number * 3) % len(WEBINAR_POOL)
        people = (WEBINAR_POOL * 2)[start : start + 4]
        slug = slugify(topic)
        sessions.append(
            (
                spec,
                SessionSpec(
                    "",
                    [day],
                    (14, 15),
                    500,
                    COORDINATOR,
                    [COORDINATOR],
                    online_url=f"https://ovla.example/webinars/{day:%Y-%m}-{slug}",
                    seated=people[:3],
                    # Someone always misses one: the no-show shows on the roster.
                    no_show=people[3:],
                ),
            )
        )
    return sessions


# --- writing it -----------------------------------------------------------------------------


def active_registration(session: Session, person: Person) -> Registration | None:
    return Registration.objects.filter(
        session=session, person=person, status__in=Registration.ACTIVE
    ).first()


def seat_taken(
    session: Session, person: Person, decided_by: Person | None = None
) -> Registration | None:
    """A confirmed seat in a session that has begun (the service refuses those), taken under
    the session's capacity lock as registration_create takes one: the person's registration
    if they have one, a new one while a seat is free, else None (the session is full)."""
    with transaction.atomic():
        locked = lock_session(session.pk)
        existing = active_registration(locked, person)
        if existing is not None:
            return existing
        if seated_count(locked) >= locked.capacity:
            return None
        return Registration.objects.create(
            session=locked, person=person, status=S.CONFIRMED, decided_by=decided_by
        )


@contextlib.contextmanager
def registration_mail_held() -> Iterator[None]:
    """Seeding registers demo people through the service without e-mailing any of them."""
    queue = notify._queue
    notify._queue = lambda name, **kwargs: None  # type: ignore[assignment]
    try:
        yield
    finally:
        notify._queue = queue  # type: ignore[assignment]


class _Demo:
    def __init__(self) -> None:
        self.network = Network.objects.get(slug=NETWORK)
        self.people: dict[str, Person] = {}
        self.competencies = {
            c.code: c for c in Competency.objects.filter(framework__is_default=True)
        }
        self.offerings: dict[tuple[str, str], Offering] = {}
        # Who schedules an offering's sessions: its library's admin, or the coordinator.
        self.owners: dict[int, Person] = {}

    def person(self, email: str) -> Person:
        if email not in self.people:
            self.people[email] = Person.objects.get(email=email)
        return self.people[email]

    def offering(self, spec: OfferingSpec) -> Offering:
        key = (spec.provider, spec.title)
        if key in self.offerings:
            return self.offerings[key]
        if spec.provider:
            library = Library.objects.get(slug=spec.provider)
            owner = self.person(PATRICIA if spec.provider == "maple-county" else RUTH)
            found = Offering.objects.filter(provider_library=library, title=spec.title)
            provider: OfferingFields = {
                "provider_kind": Offering.Provider.LIBRARY,
                "provider_library": library,
            }
        else:
            owner = self.person(COORDINATOR)
            found = Offering.objects.filter(provider_network=self.network, title=spec.title)
            provider = {
                "provider_kind": Offering.Provider.NETWORK,
                "provider_network": self.network,
            }
        offering = found.first()
        if offering is None:
            fields: OfferingFields = {
                "title": spec.title,
                "kind": spec.kind,
                "description": spec.description,
                "ce_hours": Decimal(spec.ce_hours),
                "ce_credits": Decimal(spec.ce_credits),
                "fee": Decimal(spec.fee),
                "paid_by": spec.paid_by,
                **provider,
            }
            offering = offering_create(by=owner, **fields)
        for code, level in spec.competencies.items():
            offering_competency_set(
                by=owner, offering=offering, competency=self.competencies[code], level=level
            )
        self.offerings[key] = offering
        self.owners[offering.pk] = owner
        return offering

    def session(self, offering: Offering, spec: SessionSpec) -> Session | None:
        """The session, created if need be; None when one of that title was seeded on another
        day (its dates were relative to that day): it keeps its own dates and people."""
        first = spec.dates[0]
        title = f"{spec.label}, {first:%B %Y}" if spec.label else f"{first:%B %Y}"
        session = Session.objects.filter(offering=offering, title=title).first()
        if session is not None:
            return session if session.starts_at.astimezone(ZONE).date() == first else None
        dates = [
            (
                dt.datetime.combine(day, dt.time(spec.hours[0]), tzinfo=ZONE),
                dt.datetime.combine(day, dt.time(spec.hours[1]), tzinfo=ZONE),
            )
            for day in spec.dates
        ]
        branch = None
        if spec.branch is not None:
            branch = Branch.objects.select_related("library__region").get(
                library__slug=spec.branch[0], name=spec.branch[1]
            )
        deadline = None
        if spec.deadline_days_before:
            deadline = dates[0][0] - dt.timedelta(days=spec.deadline_days_before)
        return session_create(
            by=self.owners[offering.pk],
            offering=offering,
            dates=dates,
            capacity=spec.capacity,
            facilitators=[self.person(email) for email in spec.facilitators],
            title=title,
            venue_branch=branch,
            venue_address=spec.address,
            online_url=spec.online_url,
            region=self.network.regions.get(name=spec.region) if spec.region else None,
            registration_deadline=deadline,
        )

    def register(self, session: Session, email: str) -> Registration:
        """A registration for a coming session, through the service (a seat if one is free,
        else the waitlist); an approval request is approved by the person's supervisor."""
        person = self.person(email)
        existing = active_registration(session, person)
        if existing is not None:
            return existing
        registration = registration_create(by=person, session=session)
        if registration.status == S.REQUESTED:
            approver = self.approver(email)
            if approver is not None:
                registration = registration_approve(by=approver, registration=registration)
        return registration

    def request(self, session: Session, email: str) -> Registration:
        """A registration left awaiting approval (or waitlisted when the session is full)."""
        person = self.person(email)
        existing = active_registration(session, person)
        return existing or registration_create(by=person, session=session)

    def approver(self, email: str) -> Person | None:
        """Who approved the person's registration, where their library requires it."""
        job = (
            Employment.objects.current()
            .filter(person=self.person(email), library__registration_needs_approval=True)
            .select_related("supervisor")
            .first()
        )
        return job.supervisor if job is not None else None


def seed_learning() -> None:
    """Seed (or bring up to date) the demo network's year of training."""
    # A library staffed mostly part-time needs to know who is away from the desk.
    Library.objects.filter(slug="millbrook-township").update(registration_needs_approval=True)
    demo = _Demo()
    now = timezone.now()
    plan = [
        *_conference_sessions(),
        *_workshop_sessions(),
        *_riverbend_sessions(),
        *_pine_hollow_sessions(),
        *_webinar_sessions(),
    ]
    for offering_spec, spec in plan:
        session = demo.session(demo.offering(offering_spec), spec)
        if session is None:
            continue
        if len(spec.seated) + len(spec.no_show) + len(spec.requested) > spec.capacity:
            raise ValueError(f"{session}: more people than seats")
        if session.starts_at <= now:
            _held(demo, session, spec)
        else:
            _coming(demo, session, spec)
    _reported_learning(demo)


def _held(demo: _Demo, session: Session, spec: SessionSpec) -> None:
    """A session that took place: who came, marked by the facilitator; then feedback."""
    runner = demo.person(spec.runner)
    for email, attended in [(e, True) for e in spec.seated] + [(e, False) for e in spec.no_show]:
        registration = seat_taken(session, demo.person(email), demo.approver(email))
        if registration is not None and registration.status == S.CONFIRMED:
            attendance_mark(by=runner, registration=registration, attended=attended)
    for email, (rating, comment) in spec.feedback.items():
        person = demo.person(email)
        if not Feedback.objects.filter(
            registration__session=session, registration__person=person
        ).exists():
            feedback_create(by=person, session=session, rating=rating, comment=comment)


def _coming(demo: _Demo, session: Session, spec: SessionSpec) -> None:
    """A session to come: seats taken in arrival order, then the waitlist."""
    with registration_mail_held():
        for email in spec.seated:
            demo.register(session, email)
        for email in spec.requested:
            demo.request(session, email)
        for email in spec.waiting:
            demo.register(session, email)


def _reported_learning(demo: _Demo) -> None:
    """Learning done elsewhere: Kayla's is verified by her director, Megan's waits for hers."""
    reports = [
        (
            KAYLA,
            "Library school orientation: research methods",
            "Kent State University iSchool",
            _days(-150),
            "6",
            "ref-searching",
            RUTH,
        ),
        (
            MEGAN,
            "Copyright for academic libraries (webinar)",
            "Copyright Clearance Center",
            _days(-12),
            "1.5",
            "copyright-basics",
            None,
        ),
    ]
    for email, title, provider, day, hours, code, verifier in reports:
        person = demo.person(email)
        record = TrainingRecord.objects.filter(person=person, title=title).first()
        if record is None:
            record = external_learning_report(
                by=person,
                title=title,
                provider=provider,
                kind=Offering.Kind.ELEARNING,
                completed_on=day,
                hours=hours,
                competencies=[ReportedCompetency(demo.competencies[code], 2)],
                upload=SimpleUploadedFile(
                    "certificate.pdf", EVIDENCE_PDF, content_type="application/pdf"
                ),
            )
        if verifier and record.status == TrainingRecord.Status.PENDING:
            external_learning_verify(by=demo.person(verifier), record=record)
