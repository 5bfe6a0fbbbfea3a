"""Three fiscal years of history for the named demo, so the pipeline and equity reports have
something true to show (issue #15, 6).

- Training: the monthly webinar, the regional workshops, Marcus Bell's Riverbend trainings,
  the association's conference and Pine Hollow's staff day, held over the last three years
  and more. Who came is drawn (deterministically) from the people working in the member
  libraries on the day; part-time staff come a little less often than full-time staff, as they
  do in libraries (less time off the desk), so the equity report has a real gap to show.
  Seats are taken under the session's lock within capacity (learning.seat_taken), attendance
  is marked through the service (the transcript follows), some attendees rate the session.
- Mentors: Harold Jennings (Maple County), Laura Kim (Millbrook), Grace Liu (Brookfield) and
  Jolene Harper (Pine Hollow) volunteer to teach what the librarian job classes require.
- Tuition: Maple County's own tuition assistance (its staff) and the State Library's
  scholarship for support staff (Millbrook, Brookfield), besides Pine Hollow's grow-your-own
  grant (tuition.py). Nadia Petrova (Main Library) and Marco Reyes (Eastgate) finished the
  MLS with Maple County's help and were promoted; Imani Foster (Northfield) is enrolled.
- Openings filled: Tyler Nguyen's page-to-assistant post (internal), Greta Lindholm hired from
  outside as Northfield's children's librarian, Lena Ortiz's part-time post made full-time.
- Certifications: two earned in the window and expiring within 90 days of the seeding day.
- Stuck: Doug Hensley and Betty Morrow have held the same assistant post for over a decade.

Idempotent: sessions are found by (offering, title), registrations by (session, person),
people, jobs, enrolments, claims, promotions and openings by their natural keys.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.text import slugify

from ladder.core.audit import log_action
from ladder.demo.learning import (
    CATALOGUE_SEARCH,
    CONFERENCE,
    COORDINATOR,
    COPYRIGHT_WORKSHOP,
    DEVICES,
    EBOOKS,
    ILL_WORKSHOP,
    STAFF_DAY,
    WEBINAR_TOPICS,
    OfferingSpec,
    SessionSpec,
    _Demo,
    _nth_weekday,
    seat_taken,
)
from ladder.demo.seeding import Seeder, years_ago
from ladder.learning.feedback import feedback_create
from ladder.learning.models import Feedback, Offering, Registration, Session
from ladder.learning.registrations import attendance_mark
from ladder.openings.models import Application, Opening
from ladder.orgs.models import Library
from ladder.people.models import (
    CertificationType,
    Credential,
    EducationLevel,
    Employment,
    JobClass,
    Person,
)
from ladder.skills.interests import interest_update
from ladder.skills.models import Competency, Evidence
from ladder.skills.ratings import evidence_record
from ladder.tuition.models import Claim, Enrolment, Programme, ProgrammeBudget, Promotion
from ladder.tuition.repayment import fiscal_year_of

MAPLE = "maplecountylibrary.example"
MEMBERS = ("maple-county", "brookfield-college", "pine-hollow", "millbrook-township")
# People whose tested stories fix their training (certification hours, this year's firsts):
# the history leaves their transcripts as the other demo modules write them.
KEEP_AS_IS = {
    f"marcus.bell@{MAPLE}",
    f"hannah.kowalski@{MAPLE}",
    f"doug.hensley@{MAPLE}",
    f"sophie.brennan@{MAPLE}",
    f"monique.carter@{MAPLE}",
    f"jamal.washington@{MAPLE}",
    f"gregory.whitfield@{MAPLE}",
    f"li.wei@{MAPLE}",
    f"ellen.marsh@{MAPLE}",
    f"claire.donnelly@{MAPLE}",
    f"rosa.delgado@{MAPLE}",
    f"tyler.nguyen@{MAPLE}",
    "megan.fischer@brookfieldcollege.example",
    "beth.sorensen@millbrooklibrary.example",
    "kayla.brewer@pinehollowlibrary.example",
    COORDINATOR,
}
# How likely someone working on the day attends a session open to them.
FULL_TIME_CHANCE = {"webinar": 0.16, "workshop": 0.45, "in_house": 0.5, "conference": 0.35}
PART_TIME_SHARE = 0.6  # part-timers come this often relative to full-timers
COMMENTS = {
    5: "Practical and well run; I used it the next day.",
    4: "Useful, though it could have been shorter.",
    3: "Some of it was new to me; too rushed at the end.",
}


def seed_history() -> None:
    """Seed (or bring up to date) the demo's three years of history. Idempotent."""
    if not Library.objects.filter(slug="maple-county").exists():
        return
    _mentors()
    _tuition_and_promotions()
    _openings_filled()
    _certifications()
    _training()


# --- training -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Job:
    person: Person
    library_id: int
    region: str
    start: dt.date
    end: dt.date | None
    full_time: bool


def _jobs() -> list[_Job]:
    found = []
    for job in Employment.objects.filter(library__slug__in=MEMBERS).select_related(
        "person", "library__region"
    ):
        if job.person.email in KEEP_AS_IS:
            continue
        found.append(
            _Job(
                person=job.person,
                library_id=job.library_id,
                region=job.library.region.name if job.library.region else "",
                start=job.start_date,
                end=job.end_date,
                full_time=job.weekly_hours >= job.library.full_time_threshold,
            )
        )
    return found


def _attendees(
    jobs: list[_Job], day: dt.date, chance: float, key: str, **where: object
) -> list[Person]:
    """Who came: each person working on the day (in the region or library asked for) by
    chance, part-timers less often; one job per person (a second job does not double it)."""
    seen: set[int] = set()
    chosen: list[Person] = []
    for job in sorted(jobs, key=lambda j: (j.person.pk, not j.full_time)):
        if job.person.pk in seen or job.start > day or (job.end and job.end < day):
            continue
        if "region" in where and job.region != where["region"]:
            continue
        if "library_ids" in where and job.library_id not in where["library_ids"]:  # type: ignore[operator]
            continue
        seen.add(job.person.pk)
        odds = chance if job.full_time else chance * PART_TIME_SHARE
        # Drawn per person and session, so people added later change nobody else's history.
        if random.Random(f"{key}:{job.person.email}").random() < odds:
            chosen.append(job.person)
    return chosen


def _months_back(today: dt.date, months: int) -> tuple[int, int]:
    index = today.year * 12 + today.month - 1 - months
    year, month = divmod(index, 12)
    return year, month + 1


def _plan(today: dt.date) -> list[tuple[OfferingSpec, SessionSpec, str, dict[str, object]]]:
    """(offering, session, kind of chance, where the attendees come from), oldest first."""
    libraries = {
        lib.slug: lib.pk for lib in Library.objects.filter(slug__in=MEMBERS).only("pk", "slug")
    }
    plan: list[tuple[OfferingSpec, SessionSpec, str, dict[str, object]]] = []
    # The monthly webinar, from seven months back (learning.py seeds the last six) to 40.
    for back in range(40, 6, -1):
        year, month = _months_back(today, back)
        day = _nth_weekday(year, month, 2, 3)
        topic, code = WEBINAR_TOPICS[month]
        spec = OfferingSpec(
            f"Webinar: {topic}",
            Offering.Kind.WEBINAR,
            "The association's free monthly webinar: an hour, online, recorded for members.",
            "",
            {code: 1},
            ce_hours="1",
            ce_credits="0.1",
        )
        session = SessionSpec(
            "",
            [day],
            (14, 15),
            500,
            COORDINATOR,
            [COORDINATOR],
            online_url=f"https://ovla.example/webinars/{day:%Y-%m}-{slugify(topic)}",
        )
        plan.append((spec, session, "webinar", {}))
    regions = {
        "Central Ohio": ("brookfield-college", "Hale Library"),
        "Miami Valley": ("maple-county", "Main Library"),
        "Hocking Hills": ("pine-hollow", "Pine Hollow Library"),
        "Western Reserve": ("millbrook-township", "Millbrook Township Library"),
    }
    for years in (3, 2, 1):
        # Regional workshops each spring (learning.py seeds this year's, late summer on).
        for offset, (region, branch) in enumerate(regions.items()):
            day = _weekday_on_or_after(years_ago(years, 3, 3 + 7 * offset))
            plan.append(
                (
                    ILL_WORKSHOP,
                    SessionSpec(
                        region, [day], (9, 12), 20, COORDINATOR, [COORDINATOR], branch=branch
                    ),
                    "workshop",
                    {"region": region},
                )
            )
        for offset, region in enumerate(("Central Ohio", "Western Reserve")):
            day = _weekday_on_or_after(years_ago(years, 2, 2 + 9 * offset))
            plan.append(
                (
                    COPYRIGHT_WORKSHOP,
                    SessionSpec(
                        region,
                        [day],
                        (13, 15),
                        12,
                        COORDINATOR,
                        [COORDINATOR],
                        branch=regions[region],
                    ),
                    "workshop",
                    {"region": region},
                )
            )
        # Marcus's trainings at Riverbend, open to all Maple County staff: spring and autumn.
        marcus = f"marcus.bell@{MAPLE}"
        for spec, month in ((CATALOGUE_SEARCH, 4), (EBOOKS, 5), (DEVICES, 11)):
            day = _weekday_on_or_after(years_ago(years, month, 6))
            plan.append(
                (
                    spec,
                    SessionSpec(
                        "Riverbend",
                        [day],
                        (10, 12),
                        8,
                        marcus,
                        [marcus],
                        branch=("maple-county", "Riverbend Branch"),
                    ),
                    "in_house",
                    {"library_ids": {libraries["maple-county"]}},
                )
            )
        # Pine Hollow's staff day, every September.
        day = _weekday_on_or_after(years_ago(years, 9, 12))
        plan.append(
            (
                STAFF_DAY,
                SessionSpec(
                    "Pine Hollow",
                    [day],
                    (9, 15),
                    14,
                    "ruthann.caldwell@pinehollowlibrary.example",
                    ["ruthann.caldwell@pinehollowlibrary.example"],
                    branch=("pine-hollow", "Pine Hollow Library"),
                ),
                "in_house_all",
                {"library_ids": {libraries["pine-hollow"]}},
            )
        )
    # The conferences before last autumn's (learning.py seeds last autumn's and the next).
    columbus = "Greater Columbus Convention Center, 400 N High St, Columbus, OH 43215"
    for years in (3, 2):
        start = _nth_weekday(today.year - years, 10, 2, 3)
        if start + dt.timedelta(days=2) >= today - dt.timedelta(days=365):
            continue
        plan.append(
            (
                CONFERENCE,
                SessionSpec(
                    "Columbus",
                    [start + dt.timedelta(days=i) for i in range(3)],
                    (9, 17),
                    400,
                    COORDINATOR,
                    [COORDINATOR],
                    address=columbus,
                    region="Central Ohio",
                ),
                "conference",
                {},
            )
        )
    plan.sort(key=lambda item: item[1].dates[0])
    return plan


def _weekday_on_or_after(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def _training() -> None:
    demo = _Demo()
    jobs = _jobs()
    today = timezone.localdate()
    cutoff = today - dt.timedelta(days=200)
    for offering_spec, spec, kind, where in _plan(today):
        if spec.dates[0] > cutoff:
            continue
        session = demo.session(demo.offering(offering_spec), spec)
        if session is None:
            continue
        key = f"history:{offering_spec.title}:{session.title}"
        rng = random.Random(key)
        chance = 1.0 if kind == "in_house_all" else FULL_TIME_CHANCE[kind]
        runner = demo.person(spec.runner)
        people = [
            p for p in _attendees(jobs, spec.dates[0], chance, key, **where) if p.pk != runner.pk
        ]
        for person in people[: session.capacity]:
            registration = seat_taken(session, person)
            if registration is None:
                break  # full
            if registration.status == Registration.Status.CONFIRMED:
                # One in twelve registered and did not come.
                attendance_mark(
                    by=runner, registration=registration, attended=rng.random() > 1 / 12
                )
        _feedback(session, rng)


def _feedback(session: Session, rng: random.Random) -> None:
    """About a third of those who came rate the session."""
    attended = Registration.objects.filter(
        session=session, status=Registration.Status.ATTENDED
    ).select_related("person")
    rated = set(
        Feedback.objects.filter(registration__session=session).values_list(
            "registration__person_id", flat=True
        )
    )
    for registration in attended.order_by("pk"):
        roll = random.Random(f"{session.pk}:{registration.person.email}").random()
        if roll > 0.35 or registration.person_id in rated:
            continue
        rating = 5 if roll < 0.15 else 4 if roll < 0.3 else 3
        feedback_create(
            by=registration.person,
            session=session,
            rating=rating,
            comment=COMMENTS[rating] if rng.random() < 0.5 else "",
        )


# --- mentors --------------------------------------------------------------------------------

# (mentor, their supervisor, competencies they teach and hold at level 4).
MENTORS = [
    (
        f"harold.jennings@{MAPLE}",
        f"gregory.whitfield@{MAPLE}",
        ["ref-interview", "ref-searching", "coll-selection", "ref-instruction"],
        "Reference work and building a collection; happy to talk about library school.",
    ),
    (
        "laura.kim@millbrooklibrary.example",
        "frank.delaney@millbrooklibrary.example",
        ["prog-planning", "youth-storytime", "ref-interview"],
        "Programmes on a small budget; story time.",
    ),
    (
        "grace.liu@brookfieldcollege.example",
        "elaine.porter@brookfieldcollege.example",
        ["ref-searching", "ref-instruction", "coll-selection"],
        "Searching databases and teaching others to.",
    ),
    (
        "jolene.harper@pinehollowlibrary.example",
        "ruthann.caldwell@pinehollowlibrary.example",
        ["ref-interview", "ra-conversation", "coll-selection"],
        "Grow-your-own graduate: ask me about the MLS while working full-time.",
    ),
]


def _mentors() -> None:
    competencies = {c.code: c for c in Competency.objects.filter(framework__is_default=True)}
    for email, boss_email, codes, topics in MENTORS:
        person = Person.objects.filter(email=email).first()
        boss = Person.objects.filter(email=boss_email).first()
        if person is None or boss is None or any(code not in competencies for code in codes):
            continue
        interest_update(
            by=person,
            person=person,
            is_mentor=True,
            teach=[competencies[code] for code in codes],
            topics=topics,
        )
        for code in codes:
            ref = f"demo:{code}:supervisor"
            if not Evidence.objects.filter(person=person, source_ref=ref).exists():
                evidence_record(
                    by=boss,
                    person=person,
                    competency=competencies[code],
                    kind="supervisor",
                    level=4,
                    note="Confirmed at the annual review.",
                    source_ref=ref,
                )


# --- tuition and promotions -----------------------------------------------------------------


def _class(code: str) -> JobClass:
    found = JobClass.objects.filter(code=code, library__isnull=True).order_by("pk").first()
    assert found is not None, code
    return found


def _programme(
    name: str, sponsor: Library, libraries: list[Library], description: str, percent: str
) -> Programme:
    programme, _ = Programme.objects.update_or_create(
        name=name,
        sponsor=sponsor,
        defaults={
            "description": description,
            "min_tenure_months": 12,
            "reimbursement_percent": Decimal(percent),
            "covers_tuition": True,
            "covers_fees": True,
            "covers_books": False,
            "cap_per_year": Decimal("5250"),
            "cap_lifetime": Decimal("15750"),
            "min_grade": "B",
            "service_months": 24,
        },
    )
    programme.libraries.set(libraries)
    programme.eligible_job_classes.set(
        [_class("page"), _class("library-assistant"), _class("library-technician")]
    )
    this_year = fiscal_year_of(timezone.localdate(), 7)
    for year in range(this_year - 4, this_year + 1):
        ProgrammeBudget.objects.update_or_create(
            programme=programme, fiscal_year=year, defaults={"amount": Decimal("21000")}
        )
    return programme


def _paid_claims(enrolment: Enrolment, approver: Person, terms: int, *, last_open: bool) -> None:
    """Fall and spring terms from the start, paid (the last one approved only if last_open)."""
    programme = enrolment.programme
    start = enrolment.expected_start
    for n in range(terms):
        ends = dt.date(start.year + (n + 1) // 2, 12 if n % 2 == 0 else 5, 15)
        if ends >= timezone.localdate():
            break
        term = f"{'Fall' if n % 2 == 0 else 'Spring'} {ends.year}"
        paid = not (last_open and n == terms - 1)
        tuition, fees = Decimal("3300"), Decimal("150")
        amount = ((tuition + fees) * programme.reimbursement_percent / 100).quantize(
            Decimal("0.01")
        )
        amount = min(amount, programme.cap_per_year)
        approved_on = ends + dt.timedelta(days=12)
        defaults: dict[str, object] = {
            "term_ends_on": ends,
            "courses": "LIS core course\nLIS elective",
            "credits": Decimal("6"),
            "tuition_cost": tuition,
            "fees_cost": fees,
            "books_cost": Decimal("90"),
            "status": Claim.Status.PAID if paid else Claim.Status.APPROVED,
            "submitted_by": enrolment.person,
            "approved_amount": amount,
            "fiscal_year": fiscal_year_of(approved_on, 7),
            "approved_by": approver,
            "approved_at": timezone.make_aware(dt.datetime.combine(approved_on, dt.time(10))),
            "grade": "A" if paid else "",
            "reimbursement": amount if paid else None,
            "paid_on": ends + dt.timedelta(days=30) if paid else None,
            "paid_by": approver if paid else None,
        }
        if Claim.objects.filter(enrolment=enrolment, term=term).exists():
            continue  # paid claims are locked records: found again, left alone
        Claim.objects.create(enrolment=enrolment, term=term, **defaults)


def _enrolment(
    programme: Programme,
    person: Person,
    job: Employment,
    credential: Credential,
    decided_by: Person,
) -> Enrolment:
    assert credential.started_on is not None and credential.degree_level is not None
    done = credential.status == Credential.Status.AWARDED
    enrolment = Enrolment.objects.filter(programme=programme, person=person).first()
    if enrolment is None:
        enrolment = Enrolment.objects.create(
            programme=programme,
            person=person,
            library=job.library,
            employment=job,
            institution=credential.institution,
            degree_level=credential.degree_level,
            field=credential.field,
            accredited=credential.accredited,
            expected_start=credential.started_on,
            expected_end=credential.awarded_on or years_ago(-2, 5, 15),
            status=Enrolment.Status.COMPLETED if done else Enrolment.Status.ENROLLED,
            library_decided_by=decided_by,
            sponsor_decided_by=decided_by,
            enrolled_on=credential.started_on,
            credential=credential,
            completed_on=credential.awarded_on,
            commitment_starts_on=credential.awarded_on,
            commitment_months=programme.service_months if done else None,
        )
    return enrolment


def _promote(
    person: Person,
    old: Employment,
    new: Employment,
    by: Person,
    *,
    reason: str,
    detail: str,
    enrolment: Enrolment | None = None,
) -> None:
    """An accepted promotion old → new (old ends the day before new starts)."""
    if Promotion.objects.filter(
        person=person, from_employment=old, to_job_class=new.job_class
    ).exists():
        return
    promotion = Promotion.objects.create(
        person=person,
        library=old.library,
        from_employment=old,
        to_job_class=new.job_class,
        effective_date=new.start_date,
        reason=reason,
        detail=detail,
        enrolment=enrolment,
        status=Promotion.Status.ACCEPTED,
        proposed_by=by,
        decided_by=by,
        decided_at=timezone.make_aware(dt.datetime.combine(new.start_date, dt.time(9))),
        new_employment=new,
    )
    log_action(
        actor=by,
        action="tuition.promotion.accepted",
        obj=promotion,
        summary=f"{person}: {old.job_class} → {new.job_class} from {new.start_date.isoformat()}",
        changes={"status": ["proposed", "accepted"], "employment": [old.pk, new.pk]},
    )


def _tuition_and_promotions() -> None:
    maple = Library.objects.get(slug="maple-county")
    patricia = Person.objects.get(email=f"patricia.lindqvist@{MAPLE}")
    s = Seeder(password_hash=patricia.password)
    programme = _programme(
        "Maple County Tuition Assistance",
        maple,
        [maple],
        "Maple County reimburses its support staff's tuition toward a bachelor's or the MLS, "
        "in return for two years' service after the degree.",
        "75",
    )
    state = Library.objects.filter(slug="state-library-of-ohio").first()
    if state is not None:
        _programme(
            "Library Support Staff Scholarship",
            state,
            list(Library.objects.filter(slug__in=("millbrook-township", "brookfield-college"))),
            "The State Library's scholarship for pages, assistants and technicians at member "
            "libraries without a tuition programme of their own.",
            "50",
        )
    branches = {b.name: b for b in maple.branches.all()}
    classes = {code: _class(code) for code in ("library-assistant", "librarian-i")}
    crew = s.crew(maple, MAPLE, classes)
    harold = Person.objects.get(email=f"harold.jennings@{MAPLE}")
    victor = Person.objects.get(email=f"victor.alvarez@{MAPLE}")
    karen = Person.objects.get(email=f"karen.fitzgerald@{MAPLE}")

    # Two graduates of Maple County's programme, promoted to Librarian I.
    for first, last, branch, boss, hours, hired, started, awarded, until, promoted in (
        (
            "Nadia", "Petrova", "Main Library", harold, "40",
            (8, 5, 1), (4, 8, 25), (1, 5, 10), (1, 6, 30), (1, 7, 1),
        ),
        (
            "Marco", "Reyes", "Eastgate Branch", victor, "24",
            (6, 9, 1), (5, 1, 10), (3, 12, 15), (2, 1, 14), (2, 1, 15),
        ),
    ):  # fmt: skip
        person = crew.person(
            first, last, bio="Finished the MLS with Maple County's tuition assistance."
        )
        s.degree(
            person,
            EducationLevel.BACHELOR,
            "Sociology",
            "Wright State University",
            awarded=(hired[0] + 2, 5, 1),
        )
        mls = s.mls(person, "Kent State University", started=started, awarded=awarded)
        old = crew.job(
            person, "library-assistant", hours, hired, until=until, at=branches[branch], boss=boss
        )
        new = crew.job(person, "librarian-i", "40", promoted, at=branches[branch], boss=boss)
        enrolment = _enrolment(programme, person, old, mls, patricia)
        _paid_claims(enrolment, patricia, 4, last_open=False)
        _promote(
            person,
            old,
            new,
            patricia,
            reason=Promotion.Reason.DEGREE,
            detail=f"{mls.title} from {mls.institution}",
            enrolment=enrolment,
        )

    # Enrolled now: Imani Foster, a full-time assistant at Northfield, toward the MLS.
    imani = crew.person(
        "Imani", "Foster", bio="Library assistant at Northfield, in library school online."
    )
    s.degree(
        imani, EducationLevel.BACHELOR, "English", "Central State University", awarded=(7, 5, 1)
    )
    mls = s.mls(imani, "Kent State University", started=(1, 8, 25))
    job = crew.job(
        imani, "library-assistant", "40", (5, 10, 1), at=branches["Northfield Branch"], boss=karen
    )
    enrolment = _enrolment(programme, imani, job, mls, patricia)
    _paid_claims(enrolment, patricia, 2, last_open=True)


# --- openings filled ------------------------------------------------------------------------


def _opening(
    library: Library,
    title: str,
    job_class: JobClass,
    hours: str,
    reason: str,
    published: dt.date,
    by: Person,
    hired: Person,
    *,
    branch_name: str,
    external: bool = False,
) -> None:
    """A filled opening and its hired application. Internal: the hired person worked at the
    library before; external: advertised outside after the internal fortnight."""
    opening, _ = Opening.objects.get_or_create(
        library=library,
        title=title,
        defaults={
            "branch": library.branches.filter(name=branch_name).first(),
            "job_class": job_class,
            "weekly_hours": Decimal(hours),
            "benefits_eligible": Decimal(hours) >= library.full_time_threshold,
            "reason": reason,
            "status": Opening.Status.FILLED,
            "internal_until": published + dt.timedelta(days=14),
            "external_from": published + dt.timedelta(days=15) if external else None,
            "created_by": by,
            "published_at": timezone.make_aware(dt.datetime.combine(published, dt.time(9))),
            "description": "Filled.",
        },
    )
    application, created = Application.objects.get_or_create(
        opening=opening,
        person=hired,
        defaults={
            "status": Application.Status.HIRED,
            "applied_at": timezone.make_aware(
                dt.datetime.combine(published + dt.timedelta(days=6), dt.time(12))
            ),
        },
    )
    if created:
        log_action(
            actor=by,
            action="application.decided",
            obj=application,
            changes={"status": ["applied", "hired"]},
        )


def _openings_filled() -> None:
    maple = Library.objects.get(slug="maple-county")
    patricia = Person.objects.get(email=f"patricia.lindqvist@{MAPLE}")
    s = Seeder(password_hash=patricia.password)
    classes = {code: _class(code) for code in ("library-assistant", "librarian-i", "page")}
    crew = s.crew(maple, MAPLE, classes)
    branches = {b.name: b for b in maple.branches.all()}
    victor = Person.objects.get(email=f"victor.alvarez@{MAPLE}")
    karen = Person.objects.get(email=f"karen.fitzgerald@{MAPLE}")

    # Internal: Tyler Nguyen, a Riverbend page, took the assistant post (maple_county.py).
    tyler = Person.objects.get(email=f"tyler.nguyen@{MAPLE}")
    _opening(
        maple,
        "Library Assistant, part-time (Riverbend)",
        classes["library-assistant"],
        "24",
        Opening.Reason.VACANCY,
        years_ago(2, 7, 20),
        patricia,
        tyler,
        branch_name="Riverbend Branch",
    )
    # External: Greta Lindholm came from another state as Northfield's children's librarian.
    greta = crew.person("Greta", "Lindholm", bio="Children's librarian at Northfield.")
    s.mls(greta, "University of Wisconsin-Madison", awarded=(9, 5, 15))
    s.experience(
        greta, "Madison Public Library", "Children's Librarian", (9, 8, 1), (1, 3, 15), "40"
    )
    crew.job(
        greta,
        "librarian-i",
        "40",
        (1, 4, 14),
        at=branches["Northfield Branch"],
        boss=karen,
        title="Children's Librarian",
    )
    _opening(
        maple,
        "Children's Librarian (Northfield)",
        classes["librarian-i"],
        "40",
        Opening.Reason.VACANCY,
        years_ago(1, 1, 20),
        patricia,
        greta,
        branch_name="Northfield Branch",
        external=True,
    )
    # Part-time to full-time: Lena Ortiz's 20 hours at Eastgate became 40.
    lena = crew.person(
        "Lena", "Ortiz", bio="Part-time assistant at Eastgate for years, now full-time."
    )
    s.diploma(lena, "Eastgate High School", (10, 6, 1))
    assistant = classes["library-assistant"]
    # Two rows of one job class: found again by their start dates, not by Crew.job.
    for hours, since, until in (("20", (6, 2, 1), (1, 10, 31)), ("40", (1, 11, 1), None)):
        Employment.objects.update_or_create(
            person=lena,
            library=maple,
            job_class=assistant,
            start_date=years_ago(*since),
            defaults={
                "branch": branches["Eastgate Branch"],
                "weekly_hours": Decimal(hours),
                "benefits_eligible": Decimal(hours) >= maple.full_time_threshold,
                "supervisor": victor,
                "end_date": years_ago(*until) if until else None,
            },
        )
    _opening(
        maple,
        "Library Assistant, full-time (Eastgate)",
        assistant,
        "40",
        Opening.Reason.MORE_HOURS,
        years_ago(1, 9, 2),
        patricia,
        lena,
        branch_name="Eastgate Branch",
    )


# --- certifications -------------------------------------------------------------------------


def _certifications() -> None:
    """Two certifications earned in the window, both up for renewal within 90 days."""
    cpla = CertificationType.objects.filter(name__contains="CPLA").first()
    lssc = CertificationType.objects.filter(name__contains="LSSC").first()
    today = timezone.localdate()
    for email, kind, awarded_years, expires_in in (
        (f"victor.alvarez@{MAPLE}", cpla, 3, 45),
        ("earl.pruitt@pinehollowlibrary.example", lssc, 3, 75),
    ):
        person = Person.objects.filter(email=email).first()
        if person is None or kind is None:
            continue
        if Credential.objects.filter(person=person, certification_type=kind).exists():
            continue  # found again: its dates were set relative to the first seeding day
        Credential.objects.create(
            person=person,
            kind=Credential.Kind.CERTIFICATION,
            certification_type=kind,
            issuer=kind.issuer,
            status=Credential.Status.AWARDED,
            awarded_on=today
            + dt.timedelta(days=expires_in)
            - dt.timedelta(days=365 * awarded_years),
            expires_on=today + dt.timedelta(days=expires_in),
            renewal_hours=Decimal("45"),
        )
