"""What each person needs first on the home page (issue #15, 1): reads only.

One function per panel, each taking the viewer (their Access and Person) and returning plain
data; each runs a bounded number of queries whatever the data size. The page shows them in a
fixed order: things waiting for the person, their own ladder, their team, their library, their
network (and, for site admins, the site).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone

from ladder.careers import eligibility as el
from ladder.careers.gaps import (
    PROXIMITY_ORDER,
    MentorOption,
    mentors_for,
    needed_levels,
    tuition_programmes_for,
)
from ladder.careers.models import DevelopmentPlan, Evaluation
from ladder.careers.recommend import Recommendation, recommend
from ladder.certifications.progress import Progress, progress_for, pursuit_queryset
from ladder.core.access import Access
from ladder.learning.models import Registration, TrainingRecord
from ladder.learning.registrations import approval_queue
from ladder.network.dashboard import Dashboard
from ladder.network.dashboard import dashboard as network_dashboard
from ladder.openings.models import Application, Opening
from ladder.orgs.models import Library, Network, Role
from ladder.people.models import Employment, JobClass, Person
from ladder.reports.headline import LibraryHeadline, cached_library_headline
from ladder.shared_learning.models import CoachingRequest
from ladder.skills.models import HatAssignment
from ladder.tuition.models import Claim, Enrolment, Promotion

UPCOMING_LIMIT = 5
MENTOR_LIMIT = 3
HAT_LIMIT = 10
NETWORK_LIMIT = 3  # networks shown in full (a coordinator has one or two)
# A report whose last evaluation ended longer ago than this (or who has none) is due one.
EVALUATION_EVERY = dt.timedelta(days=365)
OPEN_OPENING = (Opening.Status.INTERNAL, Opening.Status.EXTERNAL)
ACTIVE_ENROLMENT = (
    Enrolment.Status.APPLIED,
    Enrolment.Status.LIBRARY_APPROVED,
    Enrolment.Status.ENROLLED,
)
UPCOMING_STATUSES = (
    Registration.Status.REQUESTED,
    Registration.Status.CONFIRMED,
    Registration.Status.OFFERED,
    Registration.Status.WAITLISTED,
)


@dataclass
class Waiting:
    """Something waiting for the viewer: how many, and where to deal with it."""

    label: str
    count: int
    url: str


def _name(first: str, preferred: str, last: str) -> str:
    return f"{preferred or first} {last}".strip()


def _current_q(prefix: str, on: dt.date) -> Q:
    return Q(**{f"{prefix}start_date__lte": on}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": on})
    )


# --- things waiting for the person ---------------------------------------------------------


def plans_to_agree(access: Access) -> QuerySet[DevelopmentPlan]:
    """Plans of the supervisor's people with goals, not agreed or changed since agreed."""
    return DevelopmentPlan.objects.filter(
        person_id__in=access.report_ids,
        status__in=(DevelopmentPlan.Status.DRAFT, DevelopmentPlan.Status.CHANGED),
        goals__isnull=False,
    ).distinct()


def waiting_for(access: Access, person: Person) -> list[Waiting]:
    """Offers to accept, evaluations to sign, requests to decide (as staff, mentor and
    supervisor); a library's own queue is on its library panel. At most eight queries."""
    items: list[Waiting] = []

    def add(label: str, count: int, url: str) -> None:
        if count:
            items.append(Waiting(label, count, url))

    add(
        "Training seats offered to you, waiting for you to accept",
        Registration.objects.filter(person=person, status=Registration.Status.OFFERED).count(),
        reverse("learning:my_registrations"),
    )
    add(
        "Openings you are invited to apply for",
        Application.objects.filter(
            person=person, status=Application.Status.INVITED, opening__status__in=OPEN_OPENING
        ).count(),
        reverse("openings:list"),
    )
    add(
        "Promotions proposed for you",
        Promotion.objects.filter(person=person, status=Promotion.Status.PROPOSED).count(),
        reverse("tuition:mine"),
    )
    add(
        "Evaluations waiting for your signature",
        Evaluation.objects.filter(
            person=person, reviewer_signed_at__isnull=False, person_signed_at__isnull=True
        ).count(),
        reverse("careers:my_evaluations"),
    )
    add(
        "Evaluations you are writing, waiting for your signature as reviewer",
        Evaluation.objects.filter(reviewer=person, reviewer_signed_at__isnull=True).count(),
        reverse("careers:evaluation_list"),
    )
    add(
        "Requests to teach someone one-on-one",
        CoachingRequest.objects.filter(
            mentor=person, status=CoachingRequest.Status.REQUESTED
        ).count(),
        reverse("shared_learning:coaching_mine"),
    )
    if access.is_supervisor or access.is_library_admin or access.is_site_admin:
        add(
            "Training registrations waiting for your approval",
            approval_queue(access).count(),
            reverse("learning:approvals"),
        )
    if access.is_supervisor:
        add(
            "Development plans of your people waiting for your agreement",
            plans_to_agree(access).count(),
            reverse("home") + "#team",
        )
    return items


# --- the person's own ladder ---------------------------------------------------------------


@dataclass
class Contact:
    name: str
    email: str
    library_name: str


@dataclass
class StepPath:
    """The next rung of one ladder and the cheapest way there."""

    step: el.NextStep
    recommendation: Recommendation | None
    mentors: list[tuple[MentorOption, str]]  # (mentor, the competency's name)
    education_gap: bool

    @property
    def status_label(self) -> str:
        return dict(el.STATUS_CHOICES)[el.step_status(self.step)]


@dataclass
class LadderPanel:
    person: Person
    jobs: list[Employment]
    steps: list[StepPath]
    programmes: list[tuple[int, str, str]]  # tuition programmes covering the person's library
    hr_contacts: list[Contact]  # whom to ask when none does
    upcoming: list[Registration]
    hours_this_year: Decimal
    year: int
    certifications: list[Progress]
    administers_own_library: bool = False
    enrolments: list[Enrolment] = field(default_factory=list)  # tuition under way

    @property
    def has_ladder(self) -> bool:
        return bool(self.steps)


def _paths(person: Person, facts: el.PersonFacts, steps: list[el.NextStep]) -> list[StepPath]:
    classes = JobClass.objects.in_bulk([s.job_class_id for s in steps]) if steps else {}
    paths = []
    for step in steps:
        job_class = classes.get(step.job_class_id)
        rec = recommend(person, job_class) if job_class and step.gaps else None
        needed = needed_levels(step.gaps)
        names = {g.competency_id: g.details.get("name", "") for g in step.gaps}
        options = [m for ms in mentors_for(facts, needed).values() for m in ms] if needed else []
        seen: set[int] = set()
        mentors: list[tuple[MentorOption, str]] = []
        for mentor in sorted(options, key=lambda m: (PROXIMITY_ORDER[m.proximity], m.name)):
            if mentor.person_id in seen:
                continue
            seen.add(mentor.person_id)
            mentors.append((mentor, names.get(mentor.competency_id, "")))
        paths.append(
            StepPath(
                step=step,
                recommendation=rec,
                mentors=mentors[:MENTOR_LIMIT],
                education_gap=any(g.kind == el.GAP_EDUCATION for g in step.gaps),
            )
        )
    return paths


def hr_contacts(
    library_ids: frozenset[int] | set[int], exclude: int | None = None
) -> list[Contact]:
    """The library admins (the HR office) of the libraries, to ask about tuition support."""
    rows = (
        Role.objects.filter(kind=Role.Kind.LIBRARY_ADMIN, library_id__in=library_ids)
        .exclude(person_id=exclude or 0)
        .order_by("library__name", "person__last_name", "person__first_name")
        .values_list(
            "person__first_name",
            "person__preferred_name",
            "person__last_name",
            "person__email",
            "library__name",
        )
    )
    return [Contact(_name(f, p, last), email, lib) for f, p, last, email, lib in rows]


def ladder_panel(
    person: Person, now: dt.datetime | None = None, access: Access | None = None
) -> LadderPanel:
    """The person's jobs, their next step on each ladder with the cheapest path, tuition
    support, upcoming sessions and hours this year against their certifications."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    jobs = list(
        Employment.objects.filter(person=person)
        .current(today)
        .select_related("library", "branch", "job_class", "supervisor")
        .order_by("-weekly_hours", "pk")
    )
    facts = el.person_facts([person.pk], today)[person.pk]
    steps = el.next_steps([person.pk], today, facts={person.pk: facts})[person.pk]
    programmes = tuition_programmes_for(person.pk, today)
    contacts = [] if programmes else hr_contacts(facts.library_ids, exclude=person.pk)
    upcoming = list(
        Registration.objects.filter(
            person=person, status__in=UPCOMING_STATUSES, session__starts_at__gte=now
        )
        .select_related("session__offering")
        .order_by("session__starts_at", "pk")[:UPCOMING_LIMIT]
    )
    hours = TrainingRecord.objects.filter(
        person=person,
        status=TrainingRecord.Status.VERIFIED,
        completed_on__year=today.year,
    ).aggregate(total=Sum("hours"))["total"] or Decimal("0")
    certifications = progress_for(pursuit_queryset().filter(person=person), today)
    enrolments = list(
        Enrolment.objects.filter(person=person, status__in=ACTIVE_ENROLMENT)
        .select_related("programme")
        .order_by("applied_at", "pk")
    )
    return LadderPanel(
        person=person,
        jobs=jobs,
        steps=_paths(person, facts, steps),
        programmes=programmes,
        hr_contacts=contacts,
        upcoming=upcoming,
        hours_this_year=hours,
        year=today.year,
        certifications=certifications,
        enrolments=enrolments,
        administers_own_library=bool(
            access and facts.library_ids & (access.admin_library_ids or frozenset())
        ),
    )


# --- the supervisor's team -----------------------------------------------------------------


@dataclass
class ReportRow:
    person_id: int
    name: str
    job: str
    library_name: str
    step: el.NextStep | None = None
    plan_status: str = ""
    plan_url: str = ""
    last_evaluation: dt.date | None = None
    evaluation_due: bool = True

    @property
    def status(self) -> str:
        return el.step_status(self.step) if self.step else ""

    @property
    def status_label(self) -> str:
        return dict(el.STATUS_CHOICES)[self.status] if self.step else "No next step"


@dataclass
class HatWithoutBackup:
    hat_id: int
    hat_name: str
    wearer: str


@dataclass
class TeamPanel:
    rows: list[ReportRow]
    plans_to_agree: int
    approvals: int = 0  # training registrations waiting for the supervisor's approval
    hats_without_backup: list[HatWithoutBackup] = field(default_factory=list)
    hats_without_backup_count: int = 0

    @property
    def eligible_now(self) -> int:
        return sum(1 for r in self.rows if r.status == el.STATUS_ELIGIBLE)

    @property
    def one_away(self) -> int:
        return sum(1 for r in self.rows if r.status == el.STATUS_ONE_AWAY)

    @property
    def evaluations_due(self) -> int:
        return sum(1 for r in self.rows if r.evaluation_due)


def team_panel(access: Access, person: Person, today: dt.date | None = None) -> TeamPanel:
    """The supervisor's direct reports at a glance: next step and how near, plan, last
    evaluation; plans waiting for agreement; hats the team wears with nobody to back them up.
    Nine queries plus next_steps' (bounded)."""
    today = today or timezone.localdate()
    jobs = (
        Employment.objects.current(today)
        .filter(supervisor=person)
        .order_by("person__last_name", "person__first_name", "-weekly_hours")
        .values_list(
            "person_id",
            "library_id",
            "person__first_name",
            "person__preferred_name",
            "person__last_name",
            "job_class__name",
            "library__name",
        )
    )
    rows: dict[int, ReportRow] = {}
    supervised_at: dict[int, set[int]] = defaultdict(set)
    for pk, library_id, first, preferred, last, job, library_name in jobs:
        supervised_at[pk].add(library_id)
        if pk not in rows:
            rows[pk] = ReportRow(pk, _name(first, preferred, last), job, library_name)
    ids = list(rows)
    if ids:
        for pk, steps in el.next_steps(ids, today).items():
            # Only the step of a job the viewer supervises (not the report's other library).
            mine = [s for s in steps if s.library_id in supervised_at[pk]]
            if mine:
                rows[pk].step = mine[0]
        plans = (
            DevelopmentPlan.objects.filter(person_id__in=ids)
            .exclude(status=DevelopmentPlan.Status.CLOSED)
            .order_by("person_id", "-starts_on", "-pk")
            .values_list("person_id", "pk", "status")
        )
        labels = dict(DevelopmentPlan.Status.choices)
        for pk, plan_id, status in plans:
            if not rows[pk].plan_status:
                rows[pk].plan_status = str(labels[status])
                rows[pk].plan_url = reverse("careers:plan_detail", args=[plan_id])
        last = (
            Evaluation.objects.filter(person_id__in=ids, reviewer_signed_at__isnull=False)
            .order_by()
            .values("person_id")
            .annotate(last=Max("period_end"))
            .values_list("person_id", "last")
        )
        for pk, ended in last:
            rows[pk].last_evaluation = ended
            rows[pk].evaluation_due = ended is None or ended < today - EVALUATION_EVERY
    worn = (
        HatAssignment.objects.filter(
            _current_q("", today),
            _current_q("employment__", today),
            role=HatAssignment.Role.WEARER,
            employment__supervisor=person,
        )
        .exclude(
            hat_id__in=HatAssignment.objects.filter(
                _current_q("", today), role=HatAssignment.Role.BACKUP
            ).values("hat_id")
        )
        .order_by("hat__name", "hat_id")
    )
    hats = [
        HatWithoutBackup(hat, name, _name(first, preferred, last))
        for hat, name, first, preferred, last in worn.values_list(
            "hat_id",
            "hat__name",
            "employment__person__first_name",
            "employment__person__preferred_name",
            "employment__person__last_name",
        )[:HAT_LIMIT]
    ]
    count = worn.values("hat_id").distinct().count() if len(hats) == HAT_LIMIT else len(hats)
    return TeamPanel(
        rows=list(rows.values()),
        plans_to_agree=plans_to_agree(access).count(),
        approvals=approval_queue(access).filter(person_id__in=access.report_ids).count(),
        hats_without_backup=hats,
        hats_without_backup_count=count,
    )


# --- the library admin's libraries ---------------------------------------------------------


@dataclass
class LibraryPanel:
    library_id: int
    name: str
    waiting: list[Waiting]
    staff: int = 0
    headline: LibraryHeadline | None = None  # the progress dashboard's figures

    @property
    def waiting_total(self) -> int:
        return sum(w.count for w in self.waiting)


def _by_library(qs: QuerySet[Any], library_field: str) -> dict[int, int]:
    return dict(
        qs.order_by()
        .values(library_field)
        .annotate(n=Count("pk", distinct=True))
        .values_list(library_field, "n")
    )


HEADLINE_LIBRARIES = 3


def library_panels(
    access: Access, person: Person, today: dt.date | None = None
) -> list[LibraryPanel]:
    """What waits in each library the person administers, counted per library: eight queries
    however many libraries. Never their own application, claim or promotion (they wait for
    another admin)."""
    today = today or timezone.localdate()
    ids = sorted(access.admin_library_ids)
    if not ids:
        return []
    libraries = list(Library.objects.filter(pk__in=ids).order_by("name").values_list("pk", "name"))
    applied = _by_library(
        Enrolment.objects.filter(status=Enrolment.Status.APPLIED, library_id__in=ids).exclude(
            person=person
        ),
        "library_id",
    )
    sponsor = _by_library(
        Enrolment.objects.filter(
            status=Enrolment.Status.LIBRARY_APPROVED, programme__sponsor_id__in=ids
        ).exclude(person=person),
        "programme__sponsor_id",
    )
    claims = _by_library(
        Claim.objects.filter(
            status__in=(Claim.Status.SUBMITTED, Claim.Status.APPROVED),
            enrolment__programme__sponsor_id__in=ids,
        ).exclude(enrolment__person=person),
        "enrolment__programme__sponsor_id",
    )
    applications = _by_library(
        Application.objects.filter(
            status=Application.Status.APPLIED,
            opening__status__in=OPEN_OPENING,
            opening__library_id__in=ids,
        ),
        "opening__library_id",
    )
    promotions = _by_library(
        Promotion.objects.filter(status=Promotion.Status.PROPOSED, library_id__in=ids).exclude(
            person=person
        ),
        "library_id",
    )
    # One filter() call, so the employment's library and dates are those of one employment.
    requests = _by_library(
        Registration.objects.filter(status=Registration.Status.REQUESTED)
        .exclude(person=person)
        .filter(
            Q(person__employments__library_id__in=ids) & _current_q("person__employments__", today)
        ),
        "person__employments__library_id",
    )
    staff = _by_library(Employment.objects.current(today).filter(library_id__in=ids), "library_id")
    tuition = reverse("tuition:programme_list")
    panels = []
    for pk, name in libraries:
        waiting = [
            Waiting(
                "Tuition applications to decide", applied.get(pk, 0) + sponsor.get(pk, 0), tuition
            ),
            Waiting("Tuition claims to approve or pay", claims.get(pk, 0), tuition),
            Waiting(
                "Applications received for open openings",
                applications.get(pk, 0),
                reverse("openings:manage"),
            ),
            Waiting(
                "Promotions proposed, not yet accepted",
                promotions.get(pk, 0),
                reverse("tuition:promotion_list"),
            ),
            Waiting(
                "Training registrations awaiting approval",
                requests.get(pk, 0),
                reverse("learning:approvals"),
            ),
        ]
        panels.append(LibraryPanel(pk, name, waiting, staff.get(pk, 0)))
    # The progress dashboard's headline figures, for the first few libraries (a consortium's
    # admin of many reads the rest on the dashboard itself).
    by_pk = Library.objects.in_bulk([p.library_id for p in panels[:HEADLINE_LIBRARIES]])
    for panel in panels[:HEADLINE_LIBRARIES]:
        panel.headline = cached_library_headline(by_pk[panel.library_id], today)
    return panels


# --- the coordinator's networks and the site admin -----------------------------------------


def network_boards(access: Access) -> list[Dashboard]:
    """The operations dashboard (ladder.network.dashboard) of each network coordinated."""
    if not access.coordinator_network_ids:
        return []
    networks = Network.objects.filter(pk__in=access.coordinator_network_ids).order_by("name")
    return [network_dashboard(n) for n in networks[:NETWORK_LIMIT]]


@dataclass
class SitePanel:
    networks: int
    libraries: int
    people: int


def site_panel(access: Access) -> SitePanel | None:
    if not access.is_site_admin:
        return None
    return SitePanel(
        networks=Network.objects.count(),
        libraries=Library.objects.count(),
        people=Person.objects.filter(is_active=True).count(),
    )


def home_panels(access: Access, person: Person) -> dict[str, Any]:
    """Every panel that applies to the person, in the page's order."""
    return {
        "waiting": waiting_for(access, person),
        "ladder": ladder_panel(person, access=access) if access.is_staff_member else None,
        "team": team_panel(access, person) if access.is_supervisor else None,
        "libraries": library_panels(access, person),
        "networks": network_boards(access),
        "site": site_panel(access),
    }
