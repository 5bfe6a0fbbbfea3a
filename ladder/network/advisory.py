"""The advisory desk: member libraries' staff ask the network's consultants (its coordinators).

Services (every write) and selectors (the consultants' queue, a person's own requests). Who
sees a request: the person who asked, and the coordinators of its network (site admin all).
"""

from __future__ import annotations

import datetime as dt
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from ladder.core.access import Access, access_for
from ladder.core.audit import log_action
from ladder.core.links import absolute_url
from ladder.core.mail import send_templated
from ladder.core.notices import notify
from ladder.core.policies import require
from ladder.network.models import AdvisoryRequest
from ladder.network.policies import (
    can_close_advisory,
    can_consult,
    can_log_advisory_for_others,
)
from ladder.orgs.models import Library, Membership, Network, Role
from ladder.people.models import Employment, Person

log = logging.getLogger(__name__)

S = AdvisoryRequest.Status
C = AdvisoryRequest.Channel


# --- selectors ------------------------------------------------------------------------------


def advisory_requests_visible_to(access: Access) -> QuerySet[AdvisoryRequest]:
    qs = AdvisoryRequest.objects.select_related("network", "library", "asked_by", "consultant")
    if access.is_site_admin:
        return qs
    return qs.filter(
        Q(asked_by_id=access.person_id) | Q(network_id__in=access.coordinator_network_ids)
    )


def my_requests(person: Person) -> QuerySet[AdvisoryRequest]:
    return AdvisoryRequest.objects.filter(asked_by=person).select_related(
        "network", "library", "consultant"
    )


def advisory_queue(
    access: Access,
    *,
    status: str = "",
    channel: str = "",
    library_id: int | None = None,
) -> QuerySet[AdvisoryRequest]:
    """The requests of the networks the person coordinates, oldest open first."""
    qs = AdvisoryRequest.objects.select_related("network", "library", "asked_by", "consultant")
    if not access.is_site_admin:
        qs = qs.filter(network_id__in=access.coordinator_network_ids)
    if status:
        qs = qs.filter(status=status)
    if channel:
        qs = qs.filter(channel=channel)
    if library_id:
        qs = qs.filter(library_id=library_id)
    return qs.order_by("created_at", "pk")


def average_first_response(queryset: QuerySet[AdvisoryRequest]) -> dt.timedelta | None:
    """Mean time to first response of the requests answered so far (None when none were)."""
    # Computed in Python: Avg over a datetime difference differs between SQLite and PostgreSQL.
    pairs = list(
        queryset.filter(first_response_at__isnull=False)
        .order_by()
        .values_list("created_at", "first_response_at")
    )
    if not pairs:
        return None
    total = sum((first - created for created, first in pairs if first), dt.timedelta())
    return total / len(pairs)


# --- helpers --------------------------------------------------------------------------------


def _member_library_ids(network: Network) -> set[int]:
    today = timezone.localdate()
    return set(
        Membership.objects.filter(network=network, joined_on__lte=today)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=today))
        .values_list("library_id", flat=True)
    )


def _employed_at(person: Person) -> set[int]:
    return set(
        Employment.objects.filter(person=person).current().values_list("library_id", flat=True)
    )


# --- services -------------------------------------------------------------------------------


def advisory_request_create(
    *,
    by: Person,
    network: Network,
    channel: str,
    topic: str,
    question: str,
    library: Library | None = None,
    asked_by: Person | None = None,
) -> AdvisoryRequest:
    """Staff of a current member library ask; a coordinator may log a call or visit for them."""
    access = access_for(by)
    asker = asked_by or by
    on_behalf = asker.pk != by.pk
    if on_behalf:
        require(can_log_advisory_for_others, access, network)
    errors: dict[str, str] = {}
    topic, question = (topic or "").strip(), (question or "").strip()
    if not topic:
        errors["topic"] = "Give the request a topic."
    if not question:
        errors["question"] = "Write the question."
    if channel not in C.values:
        errors["channel"] = "Choose e-mail, phone or in person."
    elif on_behalf and channel == C.EMAIL:
        errors["channel"] = "A coordinator logs phone or in-person requests only."
    members = _member_library_ids(network)
    eligible = _employed_at(asker) & members
    if library is None and len(eligible) == 1:
        library = Library.objects.get(pk=next(iter(eligible)))
    if library is None:
        errors["library"] = "Choose the library the request is for."
    elif library.pk not in members:
        errors["library"] = f"{library} is not a current member of {network}."
    elif library.pk not in eligible:
        errors["library"] = f"{asker} does not work at {library}."
    if not eligible and not on_behalf:
        # Someone who works at no member library asks only as one of the network's consultants.
        require(
            can_log_advisory_for_others,
            access,
            network,
            message="Only staff of the network's member libraries ask its consultants.",
        )
    if errors:
        raise ValidationError(errors)
    assert library is not None
    with transaction.atomic():
        request = AdvisoryRequest.objects.create(
            network=network,
            library=library,
            asked_by=asker,
            channel=channel,
            topic=topic,
            question=question,
        )
        log_action(
            actor=by,
            action="network.advisory.created",
            obj=request,
            summary=f"{asker} asked {network}: {topic} ({request.get_channel_display()})",
        )
        notify(
            Person.objects.filter(
                roles__kind=Role.Kind.NETWORK_COORDINATOR, roles__network_id=network.pk
            )
            .exclude(pk=asker.pk)
            .distinct(),
            "network.advisory_request",
            subject=f"New question for {network}: {topic}",
            template="network/email/advisory_request",
            context={"request": request, "network": network},
            url=absolute_url("network:advisory_detail", request.pk),
        )
    return request


def advisory_assign(*, by: Person, request: AdvisoryRequest, consultant: Person) -> AdvisoryRequest:
    require(can_consult, access_for(by), request)
    if request.status in (S.ANSWERED, S.CLOSED):
        raise ValidationError({"consultant": "This request is already answered."})
    is_consultant = Role.objects.filter(
        person=consultant, kind=Role.Kind.NETWORK_COORDINATOR, network_id=request.network_id
    ).exists()
    if not is_consultant:
        raise ValidationError({"consultant": f"{consultant} is not a consultant of this network."})
    with transaction.atomic():
        before = request.consultant_id
        request.consultant = consultant
        request.status = S.ASSIGNED
        request.save(update_fields=["consultant", "status"])
        log_action(
            actor=by,
            action="network.advisory.assigned",
            obj=request,
            summary=f"Assigned to {consultant}",
            changes={"consultant": [before, consultant.pk]},
        )
    return request


def advisory_answer(*, by: Person, request: AdvisoryRequest, answer: str) -> AdvisoryRequest:
    """Record the answer; the first response time is kept from the first answer on."""
    require(can_consult, access_for(by), request)
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": "Write the answer."})
    if request.status == S.CLOSED:
        raise ValidationError({"answer": "This request is closed."})
    now = timezone.now()
    with transaction.atomic():
        before = request.answer
        request.answer = answer
        request.status = S.ANSWERED
        request.answered_at = now
        if request.first_response_at is None:
            request.first_response_at = now
        if request.consultant_id is None:
            request.consultant = by
        request.save(
            update_fields=["answer", "status", "answered_at", "first_response_at", "consultant"]
        )
        log_action(
            actor=by,
            action="network.advisory.answered",
            obj=request,
            summary=f"Answered: {request.topic}",
            changes={"answer": [before, answer]},
        )
        pk = request.pk
        transaction.on_commit(lambda: _send_answer_email(pk))
    return request


def advisory_close(*, by: Person, request: AdvisoryRequest) -> AdvisoryRequest:
    """The asker or a consultant closes a request."""
    require(can_close_advisory, access_for(by), request)
    with transaction.atomic():
        before = request.status
        request.status = S.CLOSED
        request.save(update_fields=["status"])
        log_action(
            actor=by,
            action="network.advisory.closed",
            obj=request,
            summary=f"Closed: {request.topic}",
            changes={"status": [before, S.CLOSED]},
        )
    return request


def _send_answer_email(pk: int) -> None:
    request = AdvisoryRequest.objects.select_related("asked_by", "network").get(pk=pk)
    try:
        send_templated(
            "network/email/advisory_answered",
            {
                "request": request,
                "recipient": request.asked_by,
                "url": absolute_url(request.get_absolute_url()),
            },
            subject=f"Your question to {request.network} is answered: {request.topic}",
            to=[request.asked_by.email],
        )
    except Exception:
        # The answer is saved either way; a mail server that is down must not turn it into an
        # error page.
        log.exception("could not e-mail the answer to advisory request %s", pk)
