"""Who may do what with training: the rules of the learning app, each written once.

Services, pages, the API and templates all ask these (see ladder.core.policies).
"""

from __future__ import annotations

from ladder.core.access import Access
from ladder.core.policies import policy


@policy("Only supervisors and library admins approve registrations.")
def can_approve_registrations(access: Access) -> bool:
    return access.is_site_admin or access.is_supervisor or access.is_library_admin
