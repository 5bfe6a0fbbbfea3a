"""Career pages: my eligibility, a gap analysis, recommended sessions, and the library and
network eligibility lists (issue #5). Reads only; the writes (adding a session to a plan)
belong to the plans pages."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import render

from ladder.careers import eligibility as el
from ladder.careers import policies
from ladder.careers.forms_eligibility import LibraryEligibilityFilter, NetworkEligibilityFilter
from ladder.careers.gaps import analyse
from ladder.careers.recommend import recommend
from ladder.core.access import Access, access_for, get_visible_or_404
from ladder.core.http import AuthedRequest
from ladder.core.paging import paginate
from ladder.core.policies import permission, signed_in
from ladder.orgs.models import Library, Membership, Network
from ladder.orgs.selectors import current_membership_q
from ladder.people.models import JobClass, Person
from ladder.people.selectors import people_managed_by
from ladder.skills.models import Interest


def visible_person(access: Access, person_id: int) -> Person:
    """The person whose gaps the user may see: themselves, their reports, their library's
    staff (admins); anyone else is a 404."""
    person: Person = get_visible_or_404(people_managed_by(access), pk=person_id)
    return person


def target_job_class(facts: el.PersonFacts, job_class_id: int) -> JobClass:
    """A job class the person's libraries use (their own or their networks' templates)."""
    classes = el.available_job_classes(facts.library_ids)
    job_class: JobClass = get_visible_or_404(classes, pk=job_class_id)
    return job_class


def career_context(person: Person) -> dict[str, Any]:
    """Eligible classes, next steps and the person's own targets, each with its gaps."""
    facts = el.person_facts([person.pk])[person.pk]
    classes = el.candidate_job_classes(facts.library_ids)
    reqs = el.requirements_for(jc.pk for jc in classes)
    gaps_by_class = {jc.pk: el.gaps(facts, reqs[jc.pk]) for jc in classes}
    eligible = [
        jc for jc in classes if not gaps_by_class[jc.pk] and jc.pk not in facts.job_class_ids
    ]
    steps = el.next_steps([person.pk], facts={person.pk: facts})[person.pk]
    interest = Interest.objects.filter(person=person).prefetch_related("target_job_classes").first()
    targets = []
    if interest is not None:
        for jc in interest.target_job_classes.all():
            if jc.pk in gaps_by_class:
                targets.append({"job_class": jc, "gaps": gaps_by_class[jc.pk]})
    return {
        "person": person,
        "facts": facts,
        "eligible": eligible,
        "current": [jc for jc in classes if jc.pk in facts.job_class_ids],
        "steps": steps,
        "targets": targets,
        "library_school": bool(interest and interest.library_school),
    }


@permission(signed_in)
def my_career(request: AuthedRequest) -> HttpResponse:
    context = career_context(request.user)
    context["is_self"] = True
    return render(request, "careers/eligibility_person.html", context)


@permission(signed_in)
def person_career(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = visible_person(access_for(request.user), person_id)
    context = career_context(person)
    context["is_self"] = person.pk == request.user.pk
    return render(request, "careers/eligibility_person.html", context)


@permission(signed_in)
def gap(request: AuthedRequest, person_id: int, job_class_id: int) -> HttpResponse:
    person = visible_person(access_for(request.user), person_id)
    facts = el.person_facts([person.pk])[person.pk]
    job_class = target_job_class(facts, job_class_id)
    analysis = analyse(person, job_class)
    context = {
        "person": person,
        "job_class": job_class,
        "analysis": analysis,
        "is_self": person.pk == request.user.pk,
    }
    return render(request, "careers/gap_detail.html", context)


@permission(signed_in)
def recommended(request: AuthedRequest, person_id: int, job_class_id: int) -> HttpResponse:
    person = visible_person(access_for(request.user), person_id)
    facts = el.person_facts([person.pk])[person.pk]
    job_class = target_job_class(facts, job_class_id)
    context = {
        "person": person,
        "job_class": job_class,
        "rec": recommend(person, job_class),
        "is_self": person.pk == request.user.pk,
        "next": request.get_full_path(),
    }
    return render(request, "careers/recommend_detail.html", context)


@permission(policies.can_list_library_eligibility)
def library_eligibility(request: AuthedRequest) -> HttpResponse:
    access = access_for(request.user)
    libraries = (
        Library.objects.all()
        if access.is_site_admin
        else Library.objects.filter(
            Q(pk__in=access.admin_library_ids) | Q(employments__person_id__in=access.report_ids)
        ).distinct()
    )
    job_classes = JobClass.objects.filter(ladder_steps__ladder__adopting_libraries__in=libraries)
    filters = LibraryEligibilityFilter(
        request.GET or None, libraries=libraries, job_classes=job_classes.distinct()
    )
    cleaned = filters.cleaned_data if filters.is_valid() else {}
    library = cleaned.get("library")
    job_class = cleaned.get("job_class")
    if access.is_site_admin and library is None:
        rows: list[el.EligibilityRow] = []
        needs_library = True
    else:
        rows = el.eligibility_rows(
            access,
            library_id=library.pk if library else None,
            status=cleaned.get("status", ""),
            job_class_id=job_class.pk if job_class else None,
        )
        needs_library = False
    context = paginate(request, rows)
    context.update(
        {
            "filters": filters,
            "needs_library": needs_library,
            "total": len(rows),
            "eligible_count": sum(1 for r in rows if r.status == el.STATUS_ELIGIBLE),
            "one_away_count": sum(1 for r in rows if r.status == el.STATUS_ONE_AWAY),
        }
    )
    return render(request, "careers/eligibility_library.html", context)


@permission(policies.can_list_network_eligibility)
def network_eligibility(request: AuthedRequest) -> HttpResponse:
    access = access_for(request.user)
    networks = (
        Network.objects.all()
        if access.is_site_admin
        else Network.objects.filter(pk__in=access.coordinator_network_ids)
    )
    filters = NetworkEligibilityFilter(request.GET or None, networks=networks)
    network = filters.cleaned_data.get("network") if filters.is_valid() else None
    network = network or networks.first()
    if network is None:
        raise Http404("No network")
    library_ids = Membership.objects.filter(current_membership_q(), network=network).values_list(
        "library_id", flat=True
    )
    counts = el.network_counts(list(library_ids))
    page = Paginator(counts, 100).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    encoded = params.urlencode()
    context = {
        "filters": filters,
        "network": network,
        "page_obj": page,
        "object_list": page.object_list,
        "querystring_without_page": f"{encoded}&" if encoded else "",
        "totals": {
            "staff": sum(c.staff for c in counts),
            "eligible": sum(c.eligible for c in counts),
            "one_away": sum(c.one_away for c in counts),
        },
    }
    return render(request, "careers/eligibility_network.html", context)
