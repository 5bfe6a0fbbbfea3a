"""Creating and editing licence pools (the coordinators' side; asking is in licences.py).

Who: a network's coordinators for the network's pools, a library's admins for the library's
(site admins all). Eligibility follows the owner: staff of the network's current member
libraries, or of the library (ladder.shared_learning.licences.eligibility_problem). Seats may
not drop below the windows open now; more seats go to the queue at once, in its order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from ladder.core.access import Access, access_for
from ladder.core.audit import log_action, snapshot
from ladder.core.policies import require
from ladder.orgs.models import Library, Network
from ladder.people.models import Person
from ladder.shared_learning import licences
from ladder.shared_learning.models import LicencePool
from ladder.shared_learning.policies import can_coordinate_pool, can_own_pools

FIELDS = [
    "name",
    "platform",
    "url",
    "description",
    "seats",
    "window_days",
    "cooldown_days",
    "max_start_delay_days",
    "active",
]
LIMITS = {
    "seats": (1, 100_000, "Give between 1 and 100000 seats."),
    "window_days": (1, 366, "An access window lasts between 1 and 366 days."),
    "cooldown_days": (0, 3660, "The cooldown is between 0 and 3660 days."),
    "max_start_delay_days": (0, 366, "The latest start is between 0 and 366 days ahead."),
}


@dataclass
class PoolData:
    name: str
    platform: str
    url: str = ""
    description: str = ""
    seats: int = 1
    window_days: int = 14
    cooldown_days: int = 90
    max_start_delay_days: int = 14
    active: bool = True


def owner_networks(access: Access) -> QuerySet[Network]:
    if access.is_site_admin:
        return Network.objects.all()
    return Network.objects.filter(pk__in=access.coordinator_network_ids)


def owner_libraries(access: Access) -> QuerySet[Library]:
    if access.is_site_admin:
        return Library.objects.all()
    return Library.objects.filter(pk__in=access.admin_library_ids)


def _clean(data: PoolData) -> dict[str, Any]:
    errors: dict[str, str] = {}
    values = {name: getattr(data, name) for name in FIELDS}
    values["name"] = (values["name"] or "").strip()
    values["platform"] = (values["platform"] or "").strip()
    values["url"] = (values["url"] or "").strip()
    values["description"] = (values["description"] or "").strip()
    if not values["name"]:
        errors["name"] = "Give the licence a name."
    if not values["platform"]:
        errors["platform"] = "Name the platform, e.g. LinkedIn Learning."
    for name, (low, high, message) in LIMITS.items():
        value = values[name]
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            errors[name] = message
    if errors:
        raise ValidationError(errors)
    return values


def pool_create(
    *,
    by: Person,
    data: PoolData,
    network: Network | None = None,
    library: Library | None = None,
) -> LicencePool:
    access = access_for(by)
    if (network is None) == (library is None):
        raise ValidationError({"owner": "Choose the network or the library that owns the licence."})
    if network is not None:
        message = "Only the network's coordinators add its licences."
        require(can_own_pools, access, network, message=message)
    if library is not None:
        message = "Only the library's admins add its licences."
        require(can_own_pools, access, library, message=message)
    values = _clean(data)
    with transaction.atomic():
        pool = LicencePool.objects.create(network=network, library=library, **values)
        log_action(
            actor=by,
            action="shared_learning.licence_pool.created",
            obj=pool,
            summary=f"Licence {pool} for {pool.owner}: {pool.seats} seats",
        )
    return pool


def pool_update(*, by: Person, pool: LicencePool, data: PoolData) -> LicencePool:
    message = "Only the licence's coordinators change it."
    require(can_coordinate_pool, access_for(by), pool, message=message)
    values = _clean(data)
    with transaction.atomic():
        locked = licences.lock_pool(pool.pk)
        in_use = licences.seats_taken(locked)
        if values["seats"] < in_use:
            raise ValidationError(
                {
                    "seats": f"{in_use} seats are in use now; give at least {in_use}, or wait "
                    "for windows to end."
                }
            )
        before = snapshot(locked, FIELDS)
        for name, value in values.items():
            setattr(locked, name, value)
        locked.save(update_fields=FIELDS)
        changes = {k: [before[k], values[k]] for k in FIELDS if before[k] != values[k]}
        log_action(
            actor=by,
            action="shared_learning.licence_pool.updated",
            obj=locked,
            summary=f"Licence {locked} changed",
            changes=changes,
        )
        # More seats (or re-opened): the queue gets them now, in its order.
        licences._fill_free_seats(locked, timezone.localdate())
    for name, value in values.items():
        setattr(pool, name, value)
    return pool
