"""Certificates of completion: a PDF and an Open Badges 3.0 credential, publicly verifiable.

- Only for those who attended a Ladder session: a certificate is issued with the training
  record that attendance makes. Reported external learning gets none, even when verified:
  Ladder vouches only for what it ran.
- A certificate is never deleted: when attendance is corrected to no-show it is revoked,
  and its public page says so (someone may already hold the PDF or the badge).
- The Open Badges credential (an OpenBadgeCredential, OB 3.0 / VC 2.0 data model) is
  unsigned for now: Ladder has no key management yet, so it carries no `proof`. Its `id` is
  the public verification page, which anyone can open to check that it is valid or revoked.
  Adding a proof later (eddsa-rdfc-2022 or a VC-JWT) does not change the document.
- The public verification page shows the holder's name, the achievement, its issuer and
  dates, and whether it is valid: nothing else of the person (no e-mail, job or library).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.utils import timezone

from ladder.core.links import absolute_url
from ladder.learning.models import Certificate, Offering, Registration, TrainingRecord
from ladder.people.selectors import people_managed_by

if TYPE_CHECKING:
    from ladder.core.access import Access

OB_CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]


# --- issue and revoke (called by ladder.learning.transcript inside its transaction) --------


def certificate_issue(record: TrainingRecord) -> Certificate:
    certificate, _ = Certificate.objects.get_or_create(record=record)
    return certificate


def certificate_revoke(record: TrainingRecord) -> None:
    Certificate.objects.filter(record=record, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def certificate_reinstate(record: TrainingRecord) -> None:
    if not Certificate.objects.filter(record=record).update(revoked_at=None):
        certificate_issue(record)


# --- reading -------------------------------------------------------------------------------


def _with_record(queryset: QuerySet[Certificate]) -> QuerySet[Certificate]:
    return queryset.select_related(
        "record__person",
        "record__registration__session",
        "record__offering__provider_library",
        "record__offering__provider_network",
    )


def certificates_visible_to(access: Access) -> QuerySet[Certificate]:
    """Certificates whose holder's transcript the user may see (the files carry their name)."""
    certificates = _with_record(Certificate.objects.all())
    if access.is_site_admin:
        return certificates
    return certificates.filter(record__person__in=people_managed_by(access).values("pk"))


def certificate_public(pk: Any) -> Certificate | None:
    """Any certificate by its id, for the public verification page."""
    return _with_record(Certificate.objects.filter(pk=pk)).first()


def is_valid(certificate: Certificate) -> bool:
    record = certificate.record
    registration = record.registration
    return (
        certificate.revoked_at is None
        and record.status == TrainingRecord.Status.VERIFIED
        and (registration is None or registration.status == Registration.Status.ATTENDED)
    )


def issuer_of(offering: Offering | None) -> tuple[str, str]:
    """(id, name) of the organisation that ran the training in Ladder."""
    library = offering.provider_library if offering else None
    if library is not None:
        return absolute_url("orgs:library_detail", library.pk), str(library)
    network = offering.provider_network if offering else None
    if network is not None:
        return absolute_url("orgs:network_detail", network.pk), str(network)
    return absolute_url("/"), (offering.provider_name if offering else "") or "Ladder"


def verify_url(certificate: Certificate) -> str:
    return absolute_url(certificate.get_absolute_url())


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


@dataclass(frozen=True)
class Verification:
    """What the public verification page shows, and nothing more."""

    certificate_id: str
    holder: str
    achievement: str
    issuer: str
    completed_on: dt.date
    issued_at: dt.datetime
    revoked_at: dt.datetime | None
    valid: bool


def verification(certificate: Certificate) -> Verification:
    record = certificate.record
    return Verification(
        certificate_id=str(certificate.pk),
        holder=record.person.display_name,
        achievement=record.title,
        issuer=issuer_of(record.offering)[1],
        completed_on=record.completed_on,
        issued_at=certificate.issued_at,
        revoked_at=certificate.revoked_at,
        valid=is_valid(certificate),
    )


def _criteria(record: TrainingRecord) -> str:
    registration = record.registration
    session = registration.session if registration else None
    what = f"“{session}”" if session else f"“{record.title}”"
    return (
        f"Attended {what}, completed on {record.completed_on:%Y-%m-%d}, as recorded by the "
        "session's facilitator in Ladder."
    )


def badge_credential(certificate: Certificate) -> dict[str, Any]:
    """The certificate as an unsigned Open Badges 3.0 OpenBadgeCredential."""
    record = certificate.record
    offering = record.offering
    issuer_id, issuer_name = issuer_of(offering)
    kind = dict(Offering.Kind.choices).get(record.kind, record.kind).lower()
    description = (offering.description if offering else "") or (
        f"Completed the {kind} “{record.title}”"
        + (f" by {record.provider}." if record.provider else ".")
    )
    achievement: dict[str, Any] = {
        "id": absolute_url(offering.get_absolute_url())
        if offering
        else f"urn:uuid:{certificate.pk}",
        "type": ["Achievement"],
        "name": record.title,
        "description": description,
        "criteria": {"narrative": _criteria(record)},
    }
    alignment = [
        {
            "type": ["Alignment"],
            "targetName": line.competency.name,
            "targetUrl": absolute_url(line.competency.get_absolute_url()),
            "targetCode": line.competency.code,
            "targetType": "ceasn:Competency",
        }
        for line in record.competencies.select_related("competency").order_by("competency__name")
    ]
    if alignment:
        achievement["alignment"] = alignment
    subject: dict[str, Any] = {
        "type": ["AchievementSubject"],
        "identifier": [
            {
                "type": "IdentityObject",
                "identityHash": record.person.display_name,
                "identityType": "name",
                "hashed": False,
            }
        ],
        "achievement": achievement,
    }
    if record.ce_credits > Decimal(0):
        subject["creditsEarned"] = float(record.ce_credits)
    session = record.registration.session if record.registration else None
    if session is not None:
        subject["activityStartDate"] = _iso(session.starts_at)
        subject["activityEndDate"] = _iso(session.ends_at)
    return {
        "@context": OB_CONTEXT,
        "id": verify_url(certificate),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"{record.title} — certificate of completion",
        "issuer": {"id": issuer_id, "type": ["Profile"], "name": issuer_name},
        "validFrom": _iso(certificate.issued_at),
        "credentialSubject": subject,
    }
