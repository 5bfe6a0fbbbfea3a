"""Three years of history for the statewide network, bulk-created (issue #15, 6).

What the named demo writes through the services, made here in bulk so Ohio stays fast:
- training: the network's monthly webinar, regional workshops, the yearly conference and each
  staffed library's in-house trainings, over the last 40 months; who came is drawn per person
  and session (part-timers less often than full-timers, as libraries report), capped at each
  session's capacity, so no session is ever oversold; attendance makes a verified transcript
  record with its competencies; about a quarter of attendees rate the session;
- tuition: each large library's own tuition assistance, and the State Library's grow-your-own
  programme for the others; the staff who went from assistant to librarian with a degree have
  a completed enrolment with paid claims and an accepted promotion (reason: degree); those in
  library school now are enrolled, with the claims of the terms behind them;
- openings filled: a page's move to assistant (internal, with its promotion), recent hires from
  outside (external), part-time posts made full-time (more hours);
- certifications: the LSSC the workforce plan gives (some expire within 90 days of the build).

Plans are amended before the people are written (amend_plans), the records made after
(HistoryWriter.write). Deterministic for a seed and a day: each library's history draws from
its own generator.
"""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import timezone

from ladder.demo.fast_insert import Rows
from ladder.demo.workforce import (
    ASSISTANT_PART_TIME_HOURS,
    JobPlan,
    StaffPlan,
    years_before,
)
from ladder.learning.models import (
    Feedback,
    Offering,
    OfferingCompetency,
    Registration,
    Session,
    SessionDate,
    TrainingCompetency,
    TrainingRecord,
)
from ladder.openings.models import Application, Opening
from ladder.orgs.models import Branch, Library, Network
from ladder.people.models import Credential, EducationLevel, Employment, JobClass, Person
from ladder.skills.models import Competency
from ladder.tuition.models import Claim, Enrolment, Programme, ProgrammeBudget, Promotion
from ladder.tuition.repayment import fiscal_year_of

if TYPE_CHECKING:
    from ladder.demo.statewide import _LibraryBuild

BATCH = 2000
ZONE = zoneinfo.ZoneInfo("America/New_York")
MONTHS = 40  # of training history, counted back from the day of the build
FULL_TIME = Decimal("35")
PART_TIME_SHARE = 0.6  # part-timers attend this often relative to full-timers
WEBINAR_CHANCE = 0.08  # a month, full-time
WORKSHOP_CHANCE = 0.05  # a regional workshop, full-time (capped at its seats)
IN_HOUSE_CHANCE = 0.55  # a library's own training, full-time
CONFERENCE_CHANCE = {True: 0.12, False: 0.02}  # professional or not, full-time
GROWN_LIBRARIAN_I_SHARE = 0.35  # of recently hired Librarian I: grew from assistant, a BA
CONVERSION_SHARE = 0.07  # of full-time support staff: their post was part-time once
EXTERNAL_OPENING_SHARE = 0.4  # of recent hires from outside: an opening on record
LARGE_LIBRARY_STAFF = 40  # runs its own tuition assistance
SUPPORT_JOBS = ("library-assistant", "library-technician")
WEBINAR_TOPICS = [
    ("Year-end statistics from your ILS", "ils-reports"),
    ("Privacy at the circulation desk", "foundations-privacy"),
    ("Weeding without worry", "coll-weeding"),
    ("Story time on a shoestring", "youth-storytime"),
    ("Summer reading outreach", "prog-outreach"),
    ("Difficult conversations at the desk", "communication-difficult"),
    ("Recruiting and keeping volunteers", "sup-volunteers"),
    ("Databases every patron should know", "eres-databases"),
    ("Office software tips for library staff", "tech-office"),
    ("Copy cataloging basics", "cat-copy"),
    ("Programs for adults on a budget", "prog-planning"),
    ("Readers' advisory in a hurry", "ra-conversation"),
]
IN_HOUSE = [
    ("Customer service at every desk", "foundations-service", "3"),
    ("Patrons' devices, printing and Wi-Fi", "tech-patron-help", "2"),
    ("Searching the catalogue like a pro", "ils-searching", "1.5"),
    ("The reference interview", "ref-interview", "2"),
]


# --- amending the plans (before the people are written) --------------------------------------


@dataclass
class Amended:
    """What the history adds to a library's plans, by staff index."""

    grown: set[int] = field(default_factory=set)  # assistant → librarian with a degree
    converted: set[int] = field(default_factory=set)  # part-time post made full-time


def amend_plans(staff: list[StaffPlan], rng: random.Random, anchor: dt.date) -> Amended:
    """Some recent Librarian I hires were the library's assistants who finished a bachelor's;
    some full-time assistants held the same post part-time before. Librarian II who grew their
    own (the workforce plan's) are found by their earlier assistant job."""
    amended = Amended()
    window = years_before(anchor, 3.3)
    for index, plan in enumerate(staff):
        earlier = [j for j in plan.history if j.job == "library-assistant"]
        if (
            plan.job == "librarian-ii"
            and earlier
            and earlier[-1].end >= plan.start - dt.timedelta(2)
        ):
            amended.grown.add(index)
        elif (
            plan.job == "librarian-i"
            and index > 0
            and plan.start >= window
            and rng.random() < GROWN_LIBRARIAN_I_SHARE
        ):
            awarded = plan.start - dt.timedelta(days=rng.randint(20, 120))
            plan.history.append(
                JobPlan(
                    "library-assistant",
                    rng.choice((40.0, 40.0, 24.0, 20.0)),
                    years_before(plan.start, rng.uniform(3, 9)),
                    plan.start - dt.timedelta(days=1),
                )
            )
            bachelor = next((d for d in plan.degrees if d.level == EducationLevel.BACHELOR), None)
            if bachelor is not None:
                bachelor.awarded = awarded
                bachelor.started = years_before(awarded, rng.uniform(2, 4))
            amended.grown.add(index)
        elif (
            plan.job in SUPPORT_JOBS
            and plan.hours >= float(FULL_TIME)
            and not plan.history
            and rng.random() < CONVERSION_SHARE
        ):
            converted = years_before(anchor, rng.uniform(0.1, 3.2))
            if converted > plan.start + dt.timedelta(days=365):
                plan.history.append(
                    JobPlan(
                        plan.job,
                        rng.choice(ASSISTANT_PART_TIME_HOURS),
                        plan.start,
                        converted - dt.timedelta(days=1),
                    )
                )
                plan.start = converted
                amended.converted.add(index)
    return amended


# --- writing the records (after the people) ---------------------------------------------------


@dataclass
class Staffed:
    """One person as written: their jobs (current first) and credentials."""

    person: Person
    plan: StaffPlan
    library: Library
    branch: Branch
    job: Employment
    earlier: list[Employment]
    credentials: list[Credential]

    def works_on(self, day: dt.date) -> Employment | None:
        for job in (self.job, *self.earlier):
            if job.start_date <= day and (job.end_date is None or job.end_date >= day):
                return job
        return None


@dataclass
class _SessionPlan:
    session: Session
    offering: Offering
    days: list[dt.date]
    span: tuple[int, int]
    hours: Decimal
    runner: Person | None
    candidates: Callable[[], Sequence[Staffed]]
    chance: Callable[[Staffed, Employment], float]


def _aware(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=ZONE)


class HistoryWriter:
    def __init__(
        self,
        network: Network,
        builds: list[_LibraryBuild],
        classes: dict[str, JobClass],
        coordinator: Person,
        *,
        seed: int,
        log: Callable[[str], None],
    ) -> None:
        self.network = network
        self.builds = builds
        self.classes = classes
        self.coordinator = coordinator
        self.seed = seed
        self.log = log
        self.today = timezone.localdate()
        self.competencies = {
            c.code: c for c in Competency.objects.filter(framework__is_default=True)
        }
        self.counts: dict[str, int] = {}
        self.codes: dict[int, list[str]] = {}

    def staffed(self, b: _LibraryBuild) -> list[Staffed]:
        return [
            Staffed(
                person=person,
                plan=plan,
                library=b.library,
                branch=b.branches[plan.branch],
                job=b.jobs[i],
                earlier=b.earlier[i],
                credentials=b.credentials[i],
            )
            for i, (plan, person) in enumerate(zip(b.staff, b.people, strict=True))
        ]

    def write(self) -> dict[str, int]:
        everyone = {id(b): self.staffed(b) for b in self.builds}
        self._training(everyone)
        self._tuition(everyone)
        self._openings(everyone)
        return self.counts

    # --- training ---------------------------------------------------------------------------

    def _offering(
        self,
        title: str,
        kind: str,
        hours: str,
        codes: list[str],
        *,
        library: Library | None = None,
        description: str = "",
        fee: str = "0",
    ) -> Offering:
        offering = Offering(
            title=title,
            kind=kind,
            description=description,
            provider_kind=Offering.Provider.LIBRARY if library else Offering.Provider.NETWORK,
            provider_library=library,
            provider_network=None if library else self.network,
            ce_hours=Decimal(hours),
            ce_credits=Decimal(hours) / 10,
            fee=Decimal(fee),
            paid_by=Offering.PaidBy.LIBRARY if fee != "0" else Offering.PaidBy.FREE,
            created_by=self.coordinator,
        )
        self.codes[id(offering)] = codes
        return offering

    def _training(self, everyone: dict[int, list[Staffed]]) -> None:
        webinars = [
            self._offering(
                f"Webinar: {topic}",
                Offering.Kind.WEBINAR,
                "1",
                [code],
                description="The network's free monthly webinar: an hour, online.",
            )
            for topic, code in WEBINAR_TOPICS
        ]
        workshop = self._offering(
            "Interlibrary loan: borrowing, lending and the state network",
            Offering.Kind.WORKSHOP,
            "3",
            ["ill-borrowing", "ill-lending"],
            description="Repeated in every region so everyone has one nearby.",
        )
        conference = self._offering(
            f"{self.network.name} Annual Conference",
            Offering.Kind.CONFERENCE,
            "15",
            ["foundations-growth"],
            fee="225",
        )
        in_house: dict[int, list[Offering]] = {}
        for b in self.builds:
            if len(b.staff) < 8:
                continue
            in_house[id(b)] = [
                self._offering(
                    title,
                    Offering.Kind.IN_HOUSE,
                    hours,
                    [code],
                    library=b.library,
                )
                for title, code, hours in IN_HOUSE
            ]
        offerings = [*webinars, workshop, conference, *(o for os in in_house.values() for o in os)]
        Offering.objects.bulk_create(offerings, batch_size=BATCH)
        OfferingCompetency.objects.bulk_create(
            [
                OfferingCompetency(offering=o, competency=self.competencies[code], level=2)
                for o in offerings
                for code in self.codes[id(o)]
                if code in self.competencies
            ],
            batch_size=BATCH,
        )
        plans = self._sessions(everyone, webinars, workshop, conference, in_house)
        self._attendance(plans)

    def _sessions(
        self,
        everyone: dict[int, list[Staffed]],
        webinars: list[Offering],
        workshop: Offering,
        conference: Offering,
        in_house: dict[int, list[Offering]],
    ) -> list[_SessionPlan]:
        today = self.today
        all_staff = [s for staff in everyone.values() for s in staff]
        plans: list[_SessionPlan] = []

        def add(
            offering: Offering,
            days: list[dt.date],
            hours: tuple[int, int],
            capacity: int,
            runner: Person | None,
            candidates: Callable[[], Sequence[Staffed]],
            chance: Callable[[Staffed, Employment], float],
            *,
            title: str,
            branch: Branch | None = None,
            online: str = "",
        ) -> None:
            session = Session(
                offering=offering,
                title=title,
                starts_at=_aware(days[0], hours[0]),
                ends_at=_aware(days[-1], hours[1]),
                venue_branch=branch,
                online_url=online,
                region=branch.library.region if branch is not None else None,
                capacity=capacity,
            )
            plans.append(
                _SessionPlan(
                    session,
                    offering,
                    days,
                    hours,
                    Decimal(hours[1] - hours[0]) * len(days),
                    runner,
                    candidates,
                    chance,
                )
            )

        def part_time_less(base: float) -> Callable[[Staffed, Employment], float]:
            return lambda s, job: base if job.weekly_hours >= FULL_TIME else base * PART_TIME_SHARE

        for back in range(MONTHS, 0, -1):
            index = today.year * 12 + today.month - 1 - back
            year, month0 = divmod(index, 12)
            day = _third_wednesday(year, month0 + 1)
            add(
                webinars[month0],
                [day],
                (14, 15),
                2000,
                self.coordinator,
                lambda: all_staff,
                part_time_less(WEBINAR_CHANCE),
                title=f"{day:%B %Y}",
                online=f"https://network.example/webinars/{day:%Y-%m}",
            )
        # A workshop in every region each spring and autumn, at its biggest library.
        by_region: dict[int, list[_LibraryBuild]] = {}
        for b in self.builds:
            by_region.setdefault(b.library.region_id or 0, []).append(b)
        for members in by_region.values():
            host = max(members, key=lambda b: (len(b.staff), b.row.fscs_key))
            region_staff = [s for b in members for s in everyone[id(b)]]
            for back in range(3, -1, -1):
                for month in (3, 10):
                    day = _weekday(dt.date(today.year - back, month, 8))
                    if day >= today or day < today - dt.timedelta(days=MONTHS * 30):
                        continue
                    add(
                        workshop,
                        [day],
                        (9, 12),
                        40,
                        self.coordinator,
                        lambda staff=region_staff: staff,  # type: ignore[misc]
                        part_time_less(WORKSHOP_CHANCE),
                        title=f"{host.library.region.name if host.library.region else ''}, "
                        f"{day:%B %Y}",
                        branch=host.branches[0],
                    )
        # The conference each October.
        central = max(self.builds, key=lambda b: (len(b.staff), b.row.fscs_key))
        for back in range(3, -1, -1):
            start = _third_wednesday(today.year - back, 10)
            if start + dt.timedelta(days=2) >= today or start < today - dt.timedelta(
                days=MONTHS * 30
            ):
                continue
            add(
                conference,
                [start + dt.timedelta(days=i) for i in range(3)],
                (9, 17),
                600,
                self.coordinator,
                lambda: all_staff,
                lambda s, job: (
                    CONFERENCE_CHANCE[job.job_class.is_professional]
                    * (1 if job.weekly_hours >= FULL_TIME else PART_TIME_SHARE)
                ),
                title=f"{start:%B %Y}",
                branch=central.branches[0],
            )
        # Each staffed library's own trainings, one of four topics each spring and autumn.
        for b in self.builds:
            offerings = in_house.get(id(b))
            if not offerings:
                continue
            staff = everyone[id(b)]
            director = b.people[0]
            for n, back in enumerate(range(3, -1, -1)):
                for m, month in enumerate((4, 11)):
                    day = _weekday(dt.date(today.year - back, month, 14))
                    if day >= today or day < today - dt.timedelta(days=MONTHS * 30):
                        continue
                    add(
                        offerings[(n * 2 + m) % len(offerings)],
                        [day],
                        (10, 12),
                        25,
                        director,
                        lambda staff=staff: staff,  # type: ignore[misc]
                        part_time_less(IN_HOUSE_CHANCE),
                        title=f"{day:%B %Y}",
                        branch=b.branches[0],
                    )
        Session.objects.bulk_create([p.session for p in plans], batch_size=BATCH)
        SessionDate.objects.bulk_create(
            [
                SessionDate(
                    session=p.session,
                    starts_at=_aware(day, p.span[0]),
                    ends_at=_aware(day, p.span[1]),
                )
                for p in plans
                for day in p.days
            ],
            batch_size=BATCH,
        )
        through = Session.facilitators.through
        through.objects.bulk_create(
            [
                through(session_id=p.session.pk, person_id=p.runner.pk)
                for p in plans
                if p.runner is not None
            ],
            batch_size=BATCH,
        )
        self.counts["past sessions"] = len(plans)
        return plans

    def _attendance(self, plans: list[_SessionPlan]) -> None:
        """Registrations, transcript records with their competencies, and ratings, written
        straight to their tables (fast_insert): the biggest part of the history."""
        registrations = Rows(Registration)
        records = Rows(TrainingRecord)
        lines = Rows(TrainingCompetency)
        feedback = Rows(Feedback)
        competencies: dict[int, list[tuple[int, int]]] = {}
        for offering_id, competency_id, level in OfferingCompetency.objects.filter(
            offering__in=list({p.offering.pk for p in plans})
        ).values_list("offering_id", "competency_id", "level"):
            competencies.setdefault(offering_id, []).append((competency_id, level))
        attended, no_show = Registration.Status.ATTENDED, Registration.Status.NO_SHOW
        verified = TrainingRecord.Status.VERIFIED
        for p in plans:
            rng = random.Random(f"{self.seed}:history:{p.offering.title}:{p.session.title}")
            day = p.days[0]
            runner_id = p.runner.pk if p.runner is not None else None
            chosen: list[tuple[Staffed, Employment]] = []
            for s in p.candidates():
                job = s.works_on(day)
                if job is None or s.person.pk == runner_id:
                    continue
                if rng.random() < p.chance(s, job):
                    chosen.append((s, job))
            # Capacity by construction: those who registered first (in a random order) get
            # the seats; the rest did not get in.
            rng.shuffle(chosen)
            offering = p.offering
            provider = (offering.provider_library or self.network).name[:200]
            hours = offering.ce_hours or p.hours
            registered = _aware(day - dt.timedelta(days=rng.randint(7, 40)), 12)
            for s, job in chosen[: p.session.capacity]:
                came = rng.random() > 0.07
                registration = registrations.add(
                    session_id=p.session.pk,
                    person_id=s.person.pk,
                    status=attended if came else no_show,
                    created_at=registered,
                    updated_at=p.session.ends_at,
                )
                if not came:
                    continue
                beyond = job.job_class.code == "page" and offering.kind != Offering.Kind.IN_HOUSE
                record = records.add(
                    person_id=s.person.pk,
                    registration_id=registration,
                    offering_id=offering.pk,
                    title=offering.title,
                    kind=offering.kind,
                    provider=provider,
                    completed_on=p.days[-1],
                    hours=hours,
                    ce_credits=offering.ce_credits,
                    status=verified,
                    above_and_beyond=beyond,
                    above_and_beyond_reason=(
                        "Not required of a Page or by any of their hats" if beyond else ""
                    ),
                    verified_by_id=runner_id,
                    verified_at=p.session.ends_at,
                    created_at=p.session.ends_at,
                )
                for competency_id, level in competencies.get(offering.pk, []):
                    lines.add(record_id=record, competency_id=competency_id, level=level)
                roll = rng.random()
                if roll < 0.25:
                    feedback.add(
                        registration_id=registration,
                        rating=5 if roll < 0.1 else 4 if roll < 0.21 else 3,
                        created_at=p.session.ends_at,
                    )
        self.log(f"Creating {len(registrations)} registrations and {len(records)} records ...")
        self.counts["registrations"] = registrations.write()
        self.counts["training records"] = records.write()
        lines.write()
        self.counts["ratings"] = feedback.write()

    # --- tuition ----------------------------------------------------------------------------

    def _tuition(self, everyone: dict[int, list[Staffed]]) -> None:
        state = Library.objects.create(
            name=f"State Library ({self.network.state})",
            slug=f"state-library-{self.network.slug}",
            kind=Library.Kind.SPECIAL,
            # No state: "the state's libraries" are its public library systems, not the sponsor.
        )
        large = [b for b in self.builds if len(b.staff) >= LARGE_LIBRARY_STAFF]
        small = [b for b in self.builds if len(b.staff) < LARGE_LIBRARY_STAFF]
        programmes: dict[int, Programme] = {}
        grow = Programme(
            name="Grow Your Own Librarians",
            sponsor=state,
            description="The State Library reimburses library-school tuition for the support "
            "staff of libraries without a programme of their own.",
            min_tenure_months=12,
            reimbursement_percent=Decimal("80"),
            cap_per_year=Decimal("6000"),
            cap_lifetime=Decimal("18000"),
            min_grade="B",
            service_months=24,
        )
        own = {
            id(b): Programme(
                name=f"{b.library.name[:160]} Tuition Assistance",
                sponsor=b.library,
                description="Tuition toward a bachelor's or the MLS for the library's staff.",
                min_tenure_months=12,
                reimbursement_percent=Decimal("75"),
                cap_per_year=Decimal("5250"),
                cap_lifetime=Decimal("15750"),
                min_grade="B",
                service_months=24,
            )
            for b in large
        }
        Programme.objects.bulk_create([grow, *own.values()], batch_size=BATCH)
        for b in self.builds:
            programmes[id(b)] = own.get(id(b), grow)
        grow.libraries.set([b.library for b in small])
        through = Programme.libraries.through
        through.objects.bulk_create(
            [through(programme_id=own[id(b)].pk, library_id=b.library.pk) for b in large],
            batch_size=BATCH,
        )
        eligible = [self.classes[c] for c in ("page", "library-assistant", "library-technician")]
        jc_through = Programme.eligible_job_classes.through
        jc_through.objects.bulk_create(
            [
                jc_through(programme_id=p.pk, jobclass_id=jc.pk)
                for p in [grow, *own.values()]
                for jc in eligible
            ],
            batch_size=BATCH,
        )
        this_year = fiscal_year_of(self.today, 7)
        ProgrammeBudget.objects.bulk_create(
            [
                ProgrammeBudget(
                    programme=p,
                    fiscal_year=year,
                    amount=Decimal("60000") if p is grow else Decimal("21000"),
                )
                for p in [grow, *own.values()]
                for year in range(this_year - 6, this_year + 1)
            ],
            batch_size=BATCH,
        )
        enrolments: list[Enrolment] = []
        promotions: list[Promotion] = []
        for b in self.builds:
            programme = programmes[id(b)]
            decider = b.people[0]
            for index, s in enumerate(everyone[id(b)]):
                degree = _degree_in_school(s)
                if degree is not None and s.plan.job in SUPPORT_JOBS:
                    enrolments.append(self._enrolment(programme, s, s.job, degree, decider))
                    continue
                if index not in b.amended.grown:
                    continue
                old = next((j for j in s.earlier if j.job_class.code == "library-assistant"), None)
                level = (
                    EducationLevel.MLS if s.plan.job == "librarian-ii" else EducationLevel.BACHELOR
                )
                degree = next((c for c in s.credentials if c.degree_level == level), None)
                if old is None or degree is None or degree.started_on is None:
                    continue
                enrolment = self._enrolment(programme, s, old, degree, decider)
                enrolments.append(enrolment)
                promotions.append(
                    Promotion(
                        person=s.person,
                        library=b.library,
                        from_employment=old,
                        to_job_class=s.job.job_class,
                        effective_date=s.job.start_date,
                        reason=Promotion.Reason.DEGREE,
                        detail=f"{degree.institution}",
                        enrolment=enrolment,
                        status=Promotion.Status.ACCEPTED,
                        proposed_by=decider,
                        decided_by=decider,
                        decided_at=_aware(s.job.start_date, 9),
                        new_employment=s.job,
                    )
                )
        Enrolment.objects.bulk_create(enrolments, batch_size=BATCH)
        for promotion in promotions:
            promotion.enrolment_id = promotion.enrolment.pk  # type: ignore[union-attr]
        Promotion.objects.bulk_create(promotions, batch_size=BATCH)
        claims = [claim for e in enrolments for claim in self._claims(e)]
        Claim.objects.bulk_create(claims, batch_size=BATCH)
        self.counts["tuition enrolments"] = len(enrolments)
        self.counts["claims"] = len(claims)
        self.counts["promotions (degree)"] = len(promotions)

    def _enrolment(
        self,
        programme: Programme,
        s: Staffed,
        job: Employment,
        degree: Credential,
        decider: Person,
    ) -> Enrolment:
        assert degree.started_on is not None and degree.degree_level is not None
        done = degree.awarded_on is not None
        return Enrolment(
            programme=programme,
            person=s.person,
            library=s.library,
            employment=job,
            institution=degree.institution,
            degree_level=degree.degree_level,
            field=degree.field,
            accredited=degree.accredited,
            expected_start=degree.started_on,
            expected_end=degree.awarded_on or degree.started_on + dt.timedelta(days=365 * 3),
            status=Enrolment.Status.COMPLETED if done else Enrolment.Status.ENROLLED,
            library_decided_by=decider,
            enrolled_on=degree.started_on,
            credential=degree,
            completed_on=degree.awarded_on,
            commitment_starts_on=degree.awarded_on,
            commitment_months=programme.service_months if done else None,
        )

    def _claims(self, enrolment: Enrolment) -> list[Claim]:
        """A claim for each fall and spring term finished, paid a month after it ends."""
        programme = enrolment.programme
        end = enrolment.completed_on or self.today
        claims = []
        year, fall = enrolment.expected_start.year, enrolment.expected_start.month >= 7
        while True:
            ends = dt.date(year, 12, 15) if fall else dt.date(year, 5, 15)
            if ends > end or ends >= self.today:
                break
            if ends > enrolment.expected_start:
                tuition, fees = Decimal("3300"), Decimal("150")
                amount = min(
                    ((tuition + fees) * programme.reimbursement_percent / 100).quantize(
                        Decimal("0.01")
                    ),
                    programme.cap_per_year,
                )
                paid = ends + dt.timedelta(days=30) < self.today
                approved_on = ends + dt.timedelta(days=12)
                claims.append(
                    Claim(
                        enrolment=enrolment,
                        term=f"{'Fall' if fall else 'Spring'} {year}",
                        term_ends_on=ends,
                        courses="LIS core course\nLIS elective",
                        credits=Decimal("6"),
                        tuition_cost=tuition,
                        fees_cost=fees,
                        books_cost=Decimal("90"),
                        status=Claim.Status.PAID if paid else Claim.Status.APPROVED,
                        submitted_by=enrolment.person,
                        approved_amount=amount,
                        fiscal_year=fiscal_year_of(approved_on, 7),
                        approved_by=enrolment.library_decided_by,
                        approved_at=_aware(approved_on, 10),
                        grade="A" if paid else "",
                        reimbursement=amount if paid else None,
                        paid_on=ends + dt.timedelta(days=30) if paid else None,
                        paid_by=enrolment.library_decided_by if paid else None,
                    )
                )
            if fall:
                year, fall = year + 1, False
            else:
                fall = True
        return claims

    # --- openings ---------------------------------------------------------------------------

    def _openings(self, everyone: dict[int, list[Staffed]]) -> None:
        window = years_before(self.today, 3.5)
        openings: list[Opening] = []
        hired: list[Application] = []
        promotions: list[Promotion] = []
        for b in self.builds:
            rng = random.Random(f"{self.seed}:{b.row.fscs_key}:openings")
            admin = b.people[0]
            for index, s in enumerate(everyone[id(b)]):
                if index == 0 or s.job.start_date < window:
                    continue
                page = next((j for j in s.earlier if j.job_class.code == "page"), None)
                if index in b.amended.converted:
                    reason, internal = Opening.Reason.MORE_HOURS, True
                elif page is not None and s.plan.job == "library-assistant":
                    reason, internal = Opening.Reason.VACANCY, True
                elif index in b.amended.grown:
                    continue  # promoted on the degree, no opening
                elif not s.earlier and rng.random() < EXTERNAL_OPENING_SHARE:
                    reason, internal = Opening.Reason.VACANCY, False
                else:
                    continue
                published = s.job.start_date - dt.timedelta(days=rng.randint(30, 90))
                opening = Opening(
                    library=b.library,
                    branch=s.branch,
                    job_class=s.job.job_class,
                    title=s.job.title,
                    weekly_hours=s.job.weekly_hours,
                    benefits_eligible=s.job.benefits_eligible,
                    reason=reason,
                    status=Opening.Status.FILLED,
                    internal_until=published + dt.timedelta(days=14),
                    external_from=None if internal else published + dt.timedelta(days=15),
                    created_by=admin,
                    published_at=_aware(published, 9),
                )
                openings.append(opening)
                hired.append(
                    Application(
                        opening=opening,
                        person=s.person,
                        status=Application.Status.HIRED,
                        applied_at=_aware(published + dt.timedelta(days=rng.randint(3, 20)), 12),
                    )
                )
                if page is not None and reason == Opening.Reason.VACANCY:
                    promotions.append(
                        Promotion(
                            person=s.person,
                            library=b.library,
                            from_employment=page,
                            to_job_class=s.job.job_class,
                            effective_date=s.job.start_date,
                            reason=Promotion.Reason.OPENING,
                            detail="Appointed to the library assistant opening.",
                            status=Promotion.Status.ACCEPTED,
                            proposed_by=admin,
                            decided_by=admin,
                            decided_at=_aware(s.job.start_date, 9),
                            new_employment=s.job,
                        )
                    )
        Opening.objects.bulk_create(openings, batch_size=BATCH)
        for application in hired:
            application.opening_id = application.opening.pk
        Application.objects.bulk_create(hired, batch_size=BATCH)
        Promotion.objects.bulk_create(promotions, batch_size=BATCH)
        self.counts["openings filled"] = len(openings)
        self.counts["promotions (opening)"] = len(promotions)


def _degree_in_school(s: Staffed) -> Credential | None:
    return next(
        (
            c
            for c in s.credentials
            if c.kind == Credential.Kind.DEGREE
            and c.status == Credential.Status.IN_PROGRESS
            and c.started_on is not None
        ),
        None,
    )


def _third_wednesday(year: int, month: int) -> dt.date:
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(2 - first.weekday()) % 7 + 14)


def _weekday(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def delete_history(network: Network, library_ids: list[int]) -> None:
    """Remove a generated network's history before its people and libraries go. Paid claims
    and accepted promotions are locked records that refuse deletion one by one; these are
    synthetic, so they go by a raw delete (no signals, no cascade: nothing else points at them
    but what goes here too)."""
    promotions = Promotion.objects.filter(library_id__in=library_ids)
    promotions._raw_delete(promotions.db)
    claims = Claim.objects.filter(enrolment__library_id__in=library_ids)
    claims._raw_delete(claims.db)
    Enrolment.objects.filter(library_id__in=library_ids).delete()
    sponsors = Library.objects.filter(slug=f"state-library-{network.slug}").values_list(
        "id", flat=True
    )
    Programme.objects.filter(sponsor_id__in=[*library_ids, *sponsors]).delete()
    Library.objects.filter(id__in=list(sponsors)).delete()
    Offering.objects.filter(provider_network=network).delete()
    Offering.objects.filter(provider_library_id__in=library_ids).delete()
