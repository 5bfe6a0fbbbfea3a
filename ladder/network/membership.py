"""Membership of the network: libraries of every kind join, free or for a fee, and leave.

A membership is a row with dates (orgs.Membership): a library that leaves and rejoins has two
rows, so the history stays. "Current" means running today (joined_on <= today <= left_on or
open); a membership may be recorded ahead of its start ("joining"). While a library is a
current member its staff are the audience of the network's offerings (learning.audience), and
network offerings are free to them (the fee, if any, is paid by the network).

Only the network's coordinators (and site admins) see and change memberships.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from ladder.core.access import access_for
from ladder.core.audit import log_action
from ladder.core.policies import require
from ladder.network.policies import can_manage_members
from ladder.orgs.models import Library, Membership, Network
from ladder.orgs.selectors import current_membership_q

if TYPE_CHECKING:
    from ladder.people.models import Person


# --- selectors ------------------------------------------------------------------------------


def _memberships(network: Network) -> QuerySet[Membership]:
    return Membership.objects.filter(network=network).select_related("library__region")


def current_members(network: Network, on: dt.date | None = None) -> QuerySet[Membership]:
    """The memberships running on the day, by library kind then name."""
    return (
        _memberships(network)
        .filter(current_membership_q(on))
        .order_by("library__kind", "library__name")
    )


def joining_members(network: Network, on: dt.date | None = None) -> QuerySet[Membership]:
    on = on or timezone.localdate()
    return _memberships(network).filter(joined_on__gt=on).order_by("joined_on", "library__name")


def former_members(network: Network, on: dt.date | None = None) -> QuerySet[Membership]:
    """The last ended membership of each library that is not a member (or joining) now."""
    on = on or timezone.localdate()
    active = Membership.objects.filter(network=network).filter(
        Q(left_on__isnull=True) | Q(left_on__gte=on)
    )
    ended = (
        _memberships(network)
        .filter(left_on__lt=on)
        .exclude(library_id__in=active.values("library_id"))
        .order_by("library__name", "-left_on")
    )
    # One row per library: its latest ended membership (older ones are in its history).
    latest: dict[int, int] = {}
    for pk, library_id in ended.values_list("pk", "library_id"):
        latest.setdefault(library_id, pk)
    return ended.filter(pk__in=latest.values())


def non_members(network: Network) -> QuerySet[Library]:
    """Libraries in Ladder that have never been members of the network."""
    return (
        Library.objects.exclude(memberships__network=network)
        .select_related("region")
        .order_by("kind", "name")
    )


def membership_history(network: Network, library: Library) -> QuerySet[Membership]:
    return Membership.objects.filter(network=network, library=library).order_by("-joined_on")


@dataclass
class KindCount:
    kind: str
    label: str
    members: int
    fees: Decimal


def members_by_kind(network: Network, on: dt.date | None = None) -> list[KindCount]:
    """Current members per library kind, with the annual fees they pay (every kind listed)."""
    counts: Counter[str] = Counter()
    fees: dict[str, Decimal] = {}
    rows = current_members(network, on).values_list("library__kind", "annual_fee")
    for kind, fee in rows:
        counts[kind] += 1
        fees[kind] = fees.get(kind, Decimal("0")) + fee
    return [
        KindCount(kind, str(label), counts[kind], fees.get(kind, Decimal("0")))
        for kind, label in Library.Kind.choices
    ]


# --- services -------------------------------------------------------------------------------


def membership_join(
    *,
    by: Person,
    network: Network,
    library: Library,
    joined_on: dt.date,
    annual_fee: Decimal = Decimal("0"),
) -> Membership:
    """A library joins the network on a date, free (fee 0) or for an annual fee."""
    require(can_manage_members, access_for(by), network)
    errors: dict[str, str] = {}
    if joined_on is None:
        errors["joined_on"] = "Give the date the library joins."
    if annual_fee is None or annual_fee < 0:
        errors["annual_fee"] = "The annual fee is 0 (free) or more."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # Lock the library so two coordinators cannot add overlapping memberships at once.
        Library.objects.select_for_update().filter(pk=library.pk).first()
        clash = (
            Membership.objects.filter(network=network, library=library)
            .filter(Q(left_on__isnull=True) | Q(left_on__gte=joined_on))
            .order_by("-joined_on")
            .first()
        )
        if clash is not None:
            until = f"until {clash.left_on}" if clash.left_on else "with no end date"
            raise ValidationError(
                {
                    "library": f"{library} is already a member from {clash.joined_on} {until}: "
                    "end that membership first."
                }
            )
        membership = Membership.objects.create(
            network=network, library=library, joined_on=joined_on, annual_fee=annual_fee
        )
        log_action(
            actor=by,
            action="network.membership.joined",
            obj=membership,
            summary=f"{library} joins {network} on {joined_on}"
            + (f" (annual fee ${annual_fee})" if annual_fee else " (free)"),
            changes={"joined_on": [None, joined_on], "annual_fee": [None, annual_fee]},
        )
    return membership


def membership_end(*, by: Person, membership: Membership, left_on: dt.date) -> Membership:
    """End a membership on a date (its last day as a member)."""
    require(can_manage_members, access_for(by), membership.network)
    if left_on is None:
        raise ValidationError({"left_on": "Give the last day of the membership."})
    with transaction.atomic():
        locked = Membership.objects.select_for_update().get(pk=membership.pk)
        if locked.left_on is not None and locked.left_on < timezone.localdate():
            raise ValidationError(
                {"left_on": f"This membership already ended on {locked.left_on}."}
            )
        if left_on < locked.joined_on:
            raise ValidationError(
                {"left_on": f"The membership cannot end before it started ({locked.joined_on})."}
            )
        before = locked.left_on
        locked.left_on = left_on
        locked.save(update_fields=["left_on"])
        log_action(
            actor=by,
            action="network.membership.ended",
            obj=locked,
            summary=f"{locked.library} leaves {locked.network} after {left_on}",
            changes={"left_on": [before, left_on]},
        )
    membership.left_on = left_on
    return membership
