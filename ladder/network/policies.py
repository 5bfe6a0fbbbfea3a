"""Who may do what in a network's temp agency, consulting desk, members and regional plans.

Each rule is written once; services, pages, the API and templates ask it (see
ladder.core.policies). Caller-level gates (the desk pages) use the shared ``coordinator`` and
``admin_or_coordinator`` rules of ladder.core.policies.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ladder.core.access import Access
from ladder.core.policies import policy
from ladder.learning.policies import can_manage_offering
from ladder.network.selectors import requestable_libraries

if TYPE_CHECKING:
    from ladder.learning.models import Offering
    from ladder.network.models import AdvisoryRequest, TempRequest, TempWorker
    from ladder.orgs.models import Library, Network


@policy("Only the network's coordinators manage its members.")
def can_manage_members(access: Access, network: Network) -> bool:
    return access.can_coordinate(network.pk)


@policy("Only the network's coordinators run its temp agency.")
def can_run_temp_agency(access: Access, network: Network) -> bool:
    return access.can_coordinate(network.pk)


@policy("Only the network's coordinators edit the roster.")
def can_edit_temp_worker(access: Access, worker: TempWorker) -> bool:
    return access.can_coordinate(worker.network_id)


@policy("Only the network's coordinators place temps.")
def can_place_temps(access: Access, request: TempRequest) -> bool:
    return access.can_coordinate(request.network_id)


@policy(
    "Separation of duties: you cannot place yourself; another coordinator of the network or "
    "the site admin places you."
)
def can_place_worker(access: Access, worker: TempWorker) -> bool:
    """A paid placement of oneself is another coordinator's call."""
    return worker.person_id != access.person_id


@policy("Only the library's admins or the network's coordinators.")
def can_manage_temp_request(access: Access, request: TempRequest) -> bool:
    return access.can_coordinate(request.network_id) or access.can_admin_library(request.library_id)


@policy("Only admins of the network's member libraries ask for temps.")
def can_ask_for_temps(access: Access) -> bool:
    return requestable_libraries(access).exists()


@policy("Only the library's admins ask the temp agency for it.")
def can_request_temp(access: Access, library: Library, network: Network) -> bool:
    return access.can_admin_library(library.pk) or access.can_coordinate(network.pk)


@policy("Not one of this network's consultants.")
def can_consult(access: Access, request: AdvisoryRequest) -> bool:
    """The network's coordinators are its consultants: they answer, assign and close."""
    return access.can_coordinate(request.network_id)


@policy("Only the network's coordinators log requests for others.")
def can_log_advisory_for_others(access: Access, network: Network) -> bool:
    return access.can_coordinate(network.pk)


@policy("Only the offering's provider plans its regional sessions.")
def can_plan_offering(access: Access, offering: Offering) -> bool:
    return can_manage_offering(access, offering)


@policy("Only the asker or the network's consultants close a request.")
def can_close_advisory(access: Access, request: AdvisoryRequest) -> bool:
    return request.asked_by_id == access.person_id or can_consult(access, request)
