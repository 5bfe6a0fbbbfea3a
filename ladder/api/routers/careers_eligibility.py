"""Careers: eligibility, gap analysis, recommended sessions, library and network lists.

The same permissions as the pages: a person's gaps are seen by the person, their supervisor
chain and their library's admins (404 for anyone else); the library list by library admins
and supervisors; the network counts (aggregates only) by the network's coordinators."""

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.urls import NoReverseMatch, reverse
from ninja import Query, Router
from ninja.pagination import paginate

from ladder.api.auth import access
from ladder.api.pagination import LimitOffset
from ladder.api.schemas.careers_eligibility import (
    EligibilityOut,
    EligibilityRowOut,
    GapAnalysisOut,
    LibraryEligibilityFilter,
    NetworkCountOut,
    NetworkEligibilityFilter,
    RecommendationOut,
)
from ladder.careers import eligibility as el
from ladder.careers import policies
from ladder.careers.gaps import SessionOption, analyse
from ladder.careers.recommend import recommend
from ladder.careers.views_eligibility import target_job_class, visible_person
from ladder.core.policies import api_permission, signed_in
from ladder.orgs.models import Membership
from ladder.orgs.selectors import current_membership_q
from ladder.skills.models import Interest

router = Router(tags=["careers"])


def _gap(gap: el.Gap) -> dict[str, Any]:
    return {"kind": gap.kind, "label": gap.label, "details": gap.details}


def _step(step: el.NextStep) -> dict[str, Any]:
    return {
        "job_class": {"id": step.job_class_id, "name": step.job_class_name},
        "current_job_class_id": step.current_job_class_id,
        "library_id": step.library_id,
        "position": step.position,
        "eligible": step.eligible,
        "gaps": [_gap(g) for g in step.gaps],
    }


def _session(s: SessionOption) -> dict[str, Any]:
    return {
        "session_id": s.session_id,
        "offering_id": s.offering_id,
        "title": s.title,
        "starts_at": s.starts_at,
        "online": s.online,
        "place": s.place,
        "distance_km": None if s.distance_km is None else round(s.distance_km, 1),
        "fee": s.fee,
        "free": s.is_free,
        "hours": s.hours,
    }


def _coaching_url() -> str | None:
    try:
        return reverse("shared_learning:coaching_new")
    except NoReverseMatch:
        return None


@router.get("/careers/people/{person_id}/eligibility", response=EligibilityOut)
@api_permission(signed_in)
def careers_person_eligibility(request: HttpRequest, person_id: int) -> dict[str, Any]:
    """The job classes the person is eligible for, their next steps and their targets."""
    subject = visible_person(access(request), person_id)
    facts = el.person_facts([subject.pk])[subject.pk]
    classes = el.candidate_job_classes(facts.library_ids)
    reqs = el.requirements_for(jc.pk for jc in classes)
    gaps_by_class = {jc.pk: el.gaps(facts, reqs[jc.pk]) for jc in classes}
    interest = (
        Interest.objects.filter(person=subject).prefetch_related("target_job_classes").first()
    )
    targets = []
    for jc in interest.target_job_classes.all() if interest else []:
        if jc.pk in gaps_by_class:
            targets.append(
                el.NextStep(
                    subject.pk, facts.library_id or 0, 0, jc.pk, jc.name, 0, gaps_by_class[jc.pk]
                )
            )
    steps = el.next_steps([subject.pk], facts={subject.pk: facts})[subject.pk]
    return {
        "person_id": subject.pk,
        "years_experience": facts.years_experience.quantize(Decimal("0.1")),
        "education": facts.education,
        "has_accredited_mls": facts.has_accredited_mls,
        "current_job_classes": [
            {"id": jc.pk, "name": jc.name} for jc in classes if jc.pk in facts.job_class_ids
        ],
        "eligible_job_classes": [
            {"id": jc.pk, "name": jc.name}
            for jc in classes
            if not gaps_by_class[jc.pk] and jc.pk not in facts.job_class_ids
        ],
        "next_steps": [_step(s) for s in steps],
        "targets": [_step(s) for s in targets],
    }


@router.get("/careers/people/{person_id}/gaps/{job_class_id}", response=GapAnalysisOut)
@api_permission(signed_in)
def careers_gap_analysis(request: HttpRequest, person_id: int, job_class_id: int) -> dict[str, Any]:
    """Each unmet requirement for the job class with the ways to close it."""
    subject = visible_person(access(request), person_id)
    facts = el.person_facts([subject.pk])[subject.pk]
    job_class = target_job_class(facts, job_class_id)
    analysis = analyse(subject, job_class)
    coaching = _coaching_url()
    return {
        "person_id": subject.pk,
        "job_class": {"id": job_class.pk, "name": job_class.name},
        "eligible": analysis.eligible,
        "gaps": [
            {
                "gap": _gap(way.gap),
                "sessions": [_session(s) for s in way.sessions],
                "elearning": [
                    {"offering_id": e.offering_id, "title": e.title, "fee": e.fee}
                    for e in way.elearning
                ],
                "mentors": [
                    {
                        "person_id": m.person_id,
                        "name": m.name,
                        "level": m.level,
                        "proximity": m.proximity,
                        "request_url": (
                            f"{coaching}?competency={m.competency_id}&mentor={m.person_id}"
                            if coaching
                            else None
                        ),
                    }
                    for m in way.mentors
                ],
            }
            for way in analysis.ways
        ],
        "library_school_interest": analysis.library_school,
        "licence_pools": [{"id": pk, "name": name} for pk, name in analysis.licence_pools],
    }


@router.get(
    "/careers/people/{person_id}/recommendations/{job_class_id}", response=RecommendationOut
)
@api_permission(signed_in)
def careers_recommendations(
    request: HttpRequest, person_id: int, job_class_id: int
) -> dict[str, Any]:
    """The cheapest set of upcoming sessions closing the competency gaps, with reasons."""
    subject = visible_person(access(request), person_id)
    facts = el.person_facts([subject.pk])[subject.pk]
    job_class = target_job_class(facts, job_class_id)
    rec = recommend(subject, job_class)
    return {
        "person_id": subject.pk,
        "job_class": {"id": job_class.pk, "name": job_class.name},
        "chosen": [
            {
                "session": _session(c.session),
                "cost": c.cost,
                "reason": c.reason,
                "registered": c.registered,
                "covers": [_gap(g) for g in c.covers],
            }
            for c in rec.chosen
        ],
        "uncovered": [_gap(g) for g in rec.uncovered],
        "other_gaps": [_gap(g) for g in rec.other_gaps],
        "total_cost": rec.total_cost,
        "total_hours": rec.total_hours,
        "optimal": rec.optimal,
    }


@router.get("/careers/eligibility/library", response=list[EligibilityRowOut])
@paginate(LimitOffset)
@api_permission(policies.can_list_library_eligibility)
def careers_library_eligibility(
    request: HttpRequest, filters: Query[LibraryEligibilityFilter]
) -> list[dict[str, Any]]:
    """Staff of the caller's libraries (admins) or their reports (supervisors) and their
    next step, eligible first."""
    caller = access(request)
    if caller.is_site_admin and filters.library is None:
        raise ValidationError({"library": "Choose a library."})
    rows = el.eligibility_rows(
        caller,
        library_id=filters.library,
        status=filters.status or "",
        job_class_id=filters.job_class,
    )
    return [
        {
            "person_id": r.person_id,
            "name": r.name,
            "library": {"id": r.library_id, "name": r.library_name},
            "current_job_class": r.current_job_class_name,
            "next_job_class": {"id": r.step.job_class_id, "name": r.step.job_class_name},
            "status": r.status,
            "gaps": [_gap(g) for g in r.step.gaps],
        }
        for r in rows
    ]


@router.get("/careers/eligibility/network", response=list[NetworkCountOut])
@paginate(LimitOffset)
@api_permission(policies.can_list_network_eligibility)
def careers_network_eligibility(
    request: HttpRequest, filters: Query[NetworkEligibilityFilter]
) -> list[dict[str, Any]]:
    """Counts per member library and next job class: staff, eligible now, one away."""
    caller = access(request)
    network_id = filters.network
    if network_id is None:
        if len(caller.coordinator_network_ids) != 1:
            raise ValidationError({"network": "Choose a network."})
        (network_id,) = caller.coordinator_network_ids
    if not caller.can_coordinate(network_id):
        raise Http404("No such network")
    library_ids = Membership.objects.filter(
        current_membership_q(), network_id=network_id
    ).values_list("library_id", flat=True)
    return [
        {
            "library": {"id": c.library_id, "name": c.library_name},
            "job_class": {"id": c.job_class_id, "name": c.job_class_name},
            "staff": c.staff,
            "eligible": c.eligible,
            "one_away": c.one_away,
        }
        for c in el.network_counts(list(library_ids))
    ]
