"""Ways to close each gap (issue #5, 2): upcoming sessions, e-learning, mentors, tuition.

For a competency gap: the upcoming sessions the person may attend whose offering addresses the
competency at the level needed or above (nearest first, then free first, then soonest; online
sessions are 0 km away), e-learning offerings, and volunteer mentors who teach it and hold it
at that level (same branch first, then the same library, then the network). For a degree gap:
the person's library-school interest and degrees in progress; the tuition programme is
another issue, so the page leaves a clearly marked place for it. Queries are bounded: one
analysis reads a fixed number of queries however many gaps, sessions or mentors there are.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone

from ladder.careers.eligibility import (
    GAP_COMPETENCY,
    GAP_EDUCATION,
    Gap,
    JobRequirements,
    PersonFacts,
    gaps,
    person_facts,
    requirements_for,
)
from ladder.core.access import Access
from ladder.learning.audience import offerings_visible_to
from ladder.learning.models import Offering, OfferingCompetency, Session
from ladder.optimize.pmedian import haversine_km
from ladder.orgs.models import Membership
from ladder.orgs.selectors import current_membership_q
from ladder.people.models import Employment, JobClass
from ladder.shared_learning.licences import pools_visible_to
from ladder.skills.models import Interest, Rating
from ladder.tuition.models import Programme

SAME_BRANCH, SAME_LIBRARY, SAME_NETWORK = "same branch", "same library", "the network"
PROXIMITY_ORDER = {SAME_BRANCH: 0, SAME_LIBRARY: 1, SAME_NETWORK: 2}
# How many of each kind of way a gap lists (the recommendations page weighs all of them).
LIST_LIMIT = 5


@dataclass
class SessionOption:
    session_id: int
    offering_id: int
    title: str
    kind: str
    starts_at: dt.datetime
    online: bool
    place: str
    distance_km: float | None  # None: the venue has no coordinates (or the person no branch)
    fee: Decimal
    paid_by: str
    hours: Decimal
    # competency id -> the level the offering addresses
    competencies: dict[int, int] = field(default_factory=dict)

    @property
    def is_free(self) -> bool:
        return self.fee == 0 or self.paid_by != Offering.PaidBy.ATTENDEE

    @property
    def sort_key(self) -> tuple[float, int, dt.datetime]:
        distance = math.inf if self.distance_km is None else round(self.distance_km)
        return (distance, 0 if self.is_free else 1, self.starts_at)


@dataclass
class ElearningOption:
    offering_id: int
    title: str
    fee: Decimal
    level: int


@dataclass
class MentorOption:
    person_id: int
    name: str
    level: int
    proximity: str
    competency_id: int


@dataclass
class GapWays:
    gap: Gap
    sessions: list[SessionOption] = field(default_factory=list)
    elearning: list[ElearningOption] = field(default_factory=list)
    mentors: list[MentorOption] = field(default_factory=list)


@dataclass
class Analysis:
    """One person against one target job class: the gaps and the ways to close them."""

    person_id: int
    job_class_id: int
    job_class_name: str
    facts: PersonFacts
    requirements: JobRequirements
    ways: list[GapWays]
    library_school: bool = False
    licence_pools: list[tuple[int, str]] = field(default_factory=list)
    # Tuition programmes open to the person's libraries, for a degree gap: (id, name, sponsor).
    tuition_programmes: list[tuple[int, str, str]] = field(default_factory=list)

    @property
    def gaps(self) -> list[Gap]:
        return [w.gap for w in self.ways]

    @property
    def eligible(self) -> bool:
        return not self.ways


def person_access(facts: PersonFacts) -> Access:
    """The catalogue as the person sees it as staff (not what their viewer may see)."""
    return Access(person_id=facts.person_id, colleague_library_ids=facts.library_ids)


def _in_audience(offering: Offering, facts: PersonFacts) -> bool:
    libraries = {lib.pk for lib in offering.audience_libraries.all()}
    classes = {jc.pk for jc in offering.audience_job_classes.all()}
    if libraries and not libraries & facts.library_ids:
        return False
    return not (classes and not classes & facts.job_class_ids)


def _hours(session: Session) -> Decimal:
    if session.offering.ce_hours:
        return Decimal(session.offering.ce_hours)
    seconds = (session.ends_at - session.starts_at).total_seconds()
    return Decimal(str(round(min(seconds, 8 * 3600) / 3600, 1)))


def addressing_offerings(facts: PersonFacts, needed: dict[int, int]) -> dict[int, dict[int, int]]:
    """Published offerings the person sees that address a needed competency (id -> level) at
    that level or above: offering id -> {competency id: level}. Two queries."""
    covers: dict[int, dict[int, int]] = defaultdict(dict)
    if not needed:
        return covers
    for offering_id, competency, level in OfferingCompetency.objects.filter(
        competency_id__in=list(needed), offering__is_published=True
    ).values_list("offering_id", "competency_id", "level"):
        if level >= needed[competency]:
            covers[offering_id][competency] = level
    if covers:
        visible = set(
            offerings_visible_to(person_access(facts))
            .filter(pk__in=list(covers))
            .values_list("pk", flat=True)
        )
        covers = defaultdict(dict, {pk: c for pk, c in covers.items() if pk in visible})
    return covers


def upcoming_sessions(
    facts: PersonFacts,
    needed: dict[int, int],
    now: dt.datetime | None = None,
    covers: dict[int, dict[int, int]] | None = None,
) -> list[SessionOption]:
    """Upcoming sessions visible to the person addressing any needed competency (id -> level)
    at that level or above, nearest, then free, then soonest first. Five queries (three when
    the addressing offerings are given)."""
    if not needed:
        return []
    now = now or timezone.now()
    if covers is None:
        covers = addressing_offerings(facts, needed)
    if not covers:
        return []
    sessions = (
        Session.objects.filter(
            offering_id__in=list(covers),
            starts_at__gt=now,
            status=Session.Status.SCHEDULED,
        )
        .exclude(registration_deadline__lt=now)
        .select_related("offering", "venue_branch")
        .prefetch_related("offering__audience_libraries", "offering__audience_job_classes")
        .order_by("starts_at", "pk")
    )
    found: list[SessionOption] = []
    for session in sessions:
        offering = session.offering
        if not _in_audience(offering, facts):
            continue
        branch = session.venue_branch
        online = session.is_online
        distance: float | None = None
        if online:
            distance = 0.0
        elif (
            branch is not None
            and branch.latitude is not None
            and branch.longitude is not None
            and facts.branch is not None
        ):
            distance = haversine_km(facts.branch, (float(branch.latitude), float(branch.longitude)))
        place = "Online" if online else (str(branch) if branch else session.venue_address)
        found.append(
            SessionOption(
                session_id=session.pk,
                offering_id=offering.pk,
                title=str(session),
                kind=offering.get_kind_display(),
                starts_at=session.starts_at,
                online=online,
                place=place,
                distance_km=distance,
                fee=offering.fee,
                paid_by=offering.paid_by,
                hours=_hours(session),
                competencies=dict(covers[offering.pk]),
            )
        )
    found.sort(key=lambda s: s.sort_key)
    return found


def elearning_offerings(
    facts: PersonFacts,
    needed: dict[int, int],
    covers: dict[int, dict[int, int]] | None = None,
) -> dict[int, list[ElearningOption]]:
    """E-learning offerings visible to the person, per needed competency, cheapest first."""
    if not needed:
        return {}
    if covers is None:
        covers = addressing_offerings(facts, needed)
    offerings = (
        Offering.objects.filter(pk__in=list(covers), kind=Offering.Kind.ELEARNING)
        .order_by("fee", "title")
        .values_list("pk", "title", "fee")
    )
    found: dict[int, list[ElearningOption]] = defaultdict(list)
    for pk, title, fee in offerings:
        for competency, level in covers[pk].items():
            found[competency].append(ElearningOption(pk, title, fee, level))
    return found


def mentors_for(facts: PersonFacts, needed: dict[int, int]) -> dict[int, list[MentorOption]]:
    """Volunteer mentors who teach each competency and hold it at the needed level: same
    branch first, then the same library, then the person's networks. Four queries."""
    if not needed:
        return {}
    networks = Membership.objects.filter(
        current_membership_q(), library_id__in=facts.library_ids
    ).values("network_id")
    network_libraries = set(
        Membership.objects.filter(current_membership_q(), network_id__in=networks).values_list(
            "library_id", flat=True
        )
    ) | set(facts.library_ids)
    # From the (small) list of what mentors volunteered to teach, then their ratings.
    taught = list(
        Interest.teach.through.objects.filter(
            competency_id__in=list(needed),
            interest__person__is_mentor=True,
            interest__person__is_active=True,
        )
        .exclude(interest__person_id=facts.person_id)
        .values_list(
            "interest__person_id",
            "competency_id",
            "interest__person__first_name",
            "interest__person__preferred_name",
            "interest__person__last_name",
        )
    )
    levels = dict(
        ((person_id, competency), level)
        for person_id, competency, level in Rating.objects.filter(
            person_id__in={row[0] for row in taught}, competency_id__in=list(needed)
        ).values_list("person_id", "competency_id", "level")
    )
    rows = [
        (pk, competency, levels.get((pk, competency), 0), first, preferred, last)
        for pk, competency, first, preferred, last in taught
    ]
    candidates = [row for row in rows if row[2] >= needed[row[1]]]
    where: dict[int, list[tuple[int, int | None]]] = defaultdict(list)
    for person_id, library_id, branch_id in (
        Employment.objects.current()
        .filter(person_id__in={row[0] for row in candidates}, library_id__in=network_libraries)
        .values_list("person_id", "library_id", "branch_id")
    ):
        where[person_id].append((library_id, branch_id))
    found: dict[int, list[MentorOption]] = defaultdict(list)
    for person_id, competency, level, first, preferred, last in candidates:
        jobs = where.get(person_id)
        if not jobs:
            continue  # not working in the person's network
        if facts.branch_id is not None and any(b == facts.branch_id for _, b in jobs):
            proximity = SAME_BRANCH
        elif any(lib in facts.library_ids for lib, _ in jobs):
            proximity = SAME_LIBRARY
        else:
            proximity = SAME_NETWORK
        name = f"{preferred or first} {last}".strip()
        found[competency].append(MentorOption(person_id, name, level, proximity, competency))
    for options in found.values():
        options.sort(key=lambda m: (PROXIMITY_ORDER[m.proximity], -m.level, m.name))
    return found


def licence_pools(facts: PersonFacts) -> list[tuple[int, str]]:
    return list(
        pools_visible_to(person_access(facts))
        .filter(active=True)
        .order_by("name")
        .values_list("pk", "name")
    )


def needed_levels(found: Iterable[Gap]) -> dict[int, int]:
    return {
        gap.details["competency_id"]: gap.details["required_level"]
        for gap in found
        if gap.kind == GAP_COMPETENCY
    }


def tuition_programmes_for(person_id: int, on: dt.date | None = None) -> list[tuple[int, str, str]]:
    """Active tuition programmes open to the staff of the libraries the person works in now."""
    libraries = Employment.objects.filter(person_id=person_id).current(on).values("library_id")
    rows = (
        Programme.objects.filter(is_active=True, libraries__in=libraries)
        .select_related("sponsor")
        .distinct()
        .order_by("name")
    )
    return [(p.pk, p.name, p.sponsor.name) for p in rows]


def analyse(person: Any, job_class: JobClass, on: dt.date | None = None) -> Analysis:
    """The gap analysis of one person against one job class, with the ways to close each gap."""
    facts = person_facts([person.pk], on)[person.pk]
    requirements = requirements_for([job_class.pk])[job_class.pk]
    found = gaps(facts, requirements)
    needed = needed_levels(found)
    covers = addressing_offerings(facts, needed)
    sessions = upcoming_sessions(facts, needed, covers=covers)
    elearning = elearning_offerings(facts, needed, covers=covers)
    mentors = mentors_for(facts, needed)
    ways: list[GapWays] = []
    for gap in found:
        way = GapWays(gap=gap)
        competency = gap.competency_id
        if competency is not None:
            way.sessions = [s for s in sessions if competency in s.competencies][:LIST_LIMIT]
            way.elearning = elearning.get(competency, [])[:LIST_LIMIT]
            way.mentors = mentors.get(competency, [])[:LIST_LIMIT]
        ways.append(way)
    library_school = False
    programmes: list[tuple[int, str, str]] = []
    if any(g.kind == GAP_EDUCATION for g in found):
        library_school = Interest.objects.filter(person_id=person.pk, library_school=True).exists()
        programmes = tuition_programmes_for(person.pk, on)
    pools = licence_pools(facts) if needed else []
    return Analysis(
        person_id=person.pk,
        job_class_id=job_class.pk,
        job_class_name=job_class.name,
        facts=facts,
        requirements=requirements,
        ways=ways,
        library_school=library_school,
        licence_pools=pools,
        tuition_programmes=programmes,
    )
