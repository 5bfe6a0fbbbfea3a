"""Roundtables: interest groups of a network, their members, meetings, resources and notes.

Meetings are sessions of the roundtable's own offering (kind roundtable), so people register
for them as for any training and attendance reaches the transcript the usual way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.text import slugify
from typing_extensions import Unpack

from ladder.core.access import Access, access_for
from ladder.core.audit import log_action
from ladder.core.files import removed_on_failure, upload_content_type
from ladder.core.links import absolute_url
from ladder.core.notices import notify
from ladder.core.policies import require
from ladder.learning import ical
from ladder.learning.models import Offering, Session
from ladder.learning.offerings import Dates, SessionDetails, offering_create, session_write
from ladder.orgs.models import Membership, Network
from ladder.people.models import Person
from ladder.shared_learning.models import (
    MeetingNote,
    Roundtable,
    RoundtableMembership,
    RoundtableResource,
)
from ladder.shared_learning.policies import (
    can_join_roundtable,
    can_manage_roundtables,
    can_run_roundtable,
    can_share_in_roundtable,
    is_member,
    join_problem,
)

# --- selectors ----------------------------------------------------------------------------


def current_member_networks(access: Access, on: dt.date | None = None) -> set[int]:
    """Networks in which one of the user's current libraries is a current member."""
    on = on or timezone.localdate()
    return set(
        Membership.objects.filter(library_id__in=access.colleague_library_ids, joined_on__lte=on)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=on))
        .values_list("network_id", flat=True)
    )


def roundtables_visible_to(access: Access) -> QuerySet[Roundtable]:
    """Coordinators see their network's roundtables; staff those of networks their library is
    a current member of; conveners their own."""
    qs = Roundtable.objects.all()
    if access.is_site_admin:
        return qs
    if not access.is_authenticated:
        return qs.none()
    return qs.filter(
        Q(network_id__in=access.coordinator_network_ids)
        | Q(network_id__in=current_member_networks(access))
        | Q(conveners__id=access.person_id)
    ).distinct()


def roundtables_for_list(access: Access) -> QuerySet[Roundtable]:
    return (
        roundtables_visible_to(access)
        .select_related("network")
        .prefetch_related("conveners")
        .order_by("network__name", "name")
    )


def active_memberships(roundtable: Roundtable) -> QuerySet[RoundtableMembership]:
    return roundtable.memberships.filter(left_on__isnull=True).select_related("person")


def meetings(roundtable: Roundtable) -> QuerySet[Session]:
    return (
        Session.objects.filter(offering_id=roundtable.offering_id)
        .select_related("offering")
        .prefetch_related(
            Prefetch(
                "roundtable_notes",
                queryset=MeetingNote.objects.select_related("author"),
            )
        )
        .order_by("starts_at")
    )


# --- services -----------------------------------------------------------------------------


def _check_name(network: Network, name: str, slug: str, exclude: int | None = None) -> None:
    if not name.strip():
        raise ValidationError({"name": ["Give the roundtable a name."]})
    if not slug:
        raise ValidationError({"name": ["Use letters or digits in the name."]})
    others = Roundtable.objects.filter(network=network, slug=slug)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    if others.exists():
        raise ValidationError({"name": ["The network already has a roundtable of that name."]})


def roundtable_create(
    *,
    by: Person,
    network: Network,
    name: str,
    description: str = "",
    conveners: Sequence[Person] = (),
) -> Roundtable:
    """Create a roundtable and the offering its meetings are sessions of."""
    require(can_manage_roundtables, access_for(by), network)
    slug = slugify(name)[:80]
    _check_name(network, name, slug)
    with transaction.atomic():
        offering = offering_create(
            by=by,
            title=f"{name} roundtable",
            kind=Offering.Kind.ROUNDTABLE,
            description=description,
            provider_kind=Offering.Provider.NETWORK,
            provider_network=network,
        )
        roundtable = Roundtable.objects.create(
            network=network,
            name=name.strip(),
            slug=slug,
            description=description,
            offering=offering,
        )
        roundtable.conveners.set(conveners)
        log_action(
            actor=by,
            action="shared_learning.roundtable.created",
            obj=roundtable,
            summary=f"Created roundtable {roundtable}",
            changes={
                "name": [None, roundtable.name],
                "conveners": [None, [p.pk for p in conveners]],
            },
        )
    return roundtable


def roundtable_update(
    *,
    by: Person,
    roundtable: Roundtable,
    name: str,
    description: str = "",
    conveners: Sequence[Person] = (),
) -> Roundtable:
    require(can_manage_roundtables, access_for(by), roundtable.network)
    slug = slugify(name)[:80]
    _check_name(roundtable.network, name, slug, exclude=roundtable.pk)
    before = {
        "name": roundtable.name,
        "description": roundtable.description,
        "conveners": sorted(roundtable.conveners.values_list("pk", flat=True)),
    }
    with transaction.atomic():
        roundtable.name, roundtable.slug, roundtable.description = name.strip(), slug, description
        roundtable.save()
        roundtable.conveners.set(conveners)
        after = {
            "name": roundtable.name,
            "description": description,
            "conveners": sorted(p.pk for p in conveners),
        }
        log_action(
            actor=by,
            action="shared_learning.roundtable.updated",
            obj=roundtable,
            summary=f"Edited roundtable {roundtable}",
            changes={k: [before[k], after[k]] for k in after if before[k] != after[k]},
        )
    return roundtable


def roundtable_join(*, by: Person, roundtable: Roundtable) -> RoundtableMembership:
    problem = join_problem(by.pk, roundtable)
    require(can_join_roundtable, access_for(by), roundtable, message=problem or None)
    if is_member(by.pk, roundtable):
        raise ValidationError({"roundtable": ["You are already a member of this roundtable."]})
    try:
        with transaction.atomic():
            membership = RoundtableMembership.objects.create(roundtable=roundtable, person=by)
            log_action(
                actor=by,
                action="shared_learning.roundtable.joined",
                obj=membership,
                summary=f"{by} joined {roundtable}",
            )
    except IntegrityError:
        # A simultaneous join won the race: the constraint keeps one active membership.
        raise ValidationError(
            {"roundtable": ["You are already a member of this roundtable."]}
        ) from None
    return membership


def roundtable_leave(*, by: Person, roundtable: Roundtable) -> RoundtableMembership:
    with transaction.atomic():
        membership = (
            RoundtableMembership.objects.select_for_update()
            .filter(roundtable=roundtable, person_id=by.pk, left_on__isnull=True)
            .first()
        )
        if membership is None:
            raise ValidationError({"roundtable": ["You are not a member of this roundtable."]})
        membership.left_on = timezone.localdate()
        membership.save(update_fields=["left_on"])
        log_action(
            actor=by,
            action="shared_learning.roundtable.left",
            obj=membership,
            summary=f"{by} left {roundtable}",
        )
    return membership


ICS_PUBLISH = "text/calendar; charset=utf-8; method=PUBLISH"


def roundtable_meeting_schedule(
    *,
    by: Person,
    roundtable: Roundtable,
    dates: Dates,
    capacity: int,
    **fields: Unpack[SessionDetails],
) -> Session:
    """Schedule a meeting: a session of the roundtable's offering, run by its conveners
    (who need not be coordinators, the offering's providers)."""
    require(can_run_roundtable, access_for(by), roundtable)
    session = session_write(
        by=by,
        offering=roundtable.offering,
        dates=dates,
        capacity=capacity,
        facilitators=list(roundtable.conveners.all()) or [by],
        **fields,
    )
    members = [m.person for m in active_memberships(roundtable).select_related("person")]
    notify(
        [person for person in members if person.pk != by.pk],
        "shared_learning.roundtable_meeting",
        subject=f"New meeting of {roundtable}: {timezone.localtime(session.starts_at):%-d %b %Y}",
        template="shared_learning/email/roundtable_meeting",
        context={"roundtable": roundtable, "session": session},
        url=absolute_url("learning:session_detail", session.pk),
        attachments=[
            (
                "meeting.ics",
                ical.session_ics(session),
                "text/calendar; charset=utf-8; method=PUBLISH",
            )
        ],
    )
    return session


def roundtable_resource_add(
    *,
    by: Person,
    roundtable: Roundtable,
    title: str,
    url: str = "",
    upload: UploadedFile[bytes] | None = None,
) -> RoundtableResource:
    """Members, conveners and coordinators share a link or a file (checked as evidence is)."""
    require(can_share_in_roundtable, access_for(by), roundtable)
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = ["Give the resource a title."]
    if bool(url) == bool(upload):
        errors["url"] = ["Give either a link or a file."]
    if errors:
        raise ValidationError(errors)
    resource = RoundtableResource(roundtable=roundtable, title=title.strip(), url=url, added_by=by)
    if upload is not None:
        resource.content_type = upload_content_type(upload)
    resource.full_clean(exclude=["file", "added_by"])
    with removed_on_failure() as uploads, transaction.atomic():
        if upload is not None:
            uploads.store(resource.file, upload, upload.name or "file")
        resource.save()
        log_action(
            actor=by,
            action="shared_learning.roundtable.resource_added",
            obj=resource,
            summary=f"Shared {resource} in {roundtable}",
        )
    return resource


def meeting_note_add(
    *, by: Person, roundtable: Roundtable, session: Session, body: str
) -> MeetingNote:
    message = "Only the roundtable's conveners and coordinators write notes."
    require(can_run_roundtable, access_for(by), roundtable, message=message)
    if session.offering_id != roundtable.offering_id:
        raise ValidationError({"session": ["Choose a meeting of this roundtable."]})
    if not body.strip():
        raise ValidationError({"body": ["Write the notes."]})
    with transaction.atomic():
        note = MeetingNote.objects.create(
            roundtable=roundtable, session=session, body=body.strip(), author=by
        )
        log_action(
            actor=by,
            action="shared_learning.roundtable.note_added",
            obj=note,
            summary=f"Added notes to {session}",
        )
    return note
