"""Demo data for careers eligibility (issue #5): Claire Donnelly, the library assistant with a
bachelor's in film studies, is eligible for Librarian I and lacks only the accredited MLS
(and a few competencies) for Librarian II.

Her years at academic libraries' desks show in her reference and selection work: Harold
Jennings, her supervisor, assesses them at this year's review. Written through the evidence
service (an audit entry each); entries carry a `demo:` source reference, so a second run
records nothing new. The network also schedules two offerings that address what she still
lacks for Librarian II, so her recommended sessions have something to choose from (a
workshop repeated in two regions and a webinar). Call after seed_skills() and seed_learning().
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from decimal import Decimal

from django.utils import timezone

from ladder.learning.models import Offering, Session
from ladder.learning.offerings import offering_competency_set, offering_create, session_create
from ladder.orgs.models import Branch, Network
from ladder.people.models import Person
from ladder.skills.models import Competency, Evidence, Framework
from ladder.skills.ratings import evidence_record

CLAIRE = "claire.donnelly@maplecountylibrary.example"
HAROLD = "harold.jennings@maplecountylibrary.example"
# competency code -> level Harold confirms (Librarian I asks for 3, 3 and 2).
ASSESSED = {"ref-interview": 3, "ref-searching": 3, "coll-selection": 2}
COORDINATOR = "lorraine.baxter@ovla.example"
NETWORK = "ohio-valley"
ZONE = zoneinfo.ZoneInfo("America/New_York")
# (title, kind, hours, fee, paid by, competencies, sessions: (label, days ahead, branch, region))
SessionSpec = tuple[str, int, tuple[str, str] | None, str | None]
OfferingSpec = tuple[str, str, str, str, str, dict[str, int], list[SessionSpec]]
OFFERINGS: list[OfferingSpec] = [
    (
        "Teaching information skills and planning programmes",
        Offering.Kind.WORKSHOP,
        "6",
        "0",
        Offering.PaidBy.FREE,
        {"ref-instruction": 3, "prog-planning": 2},
        [
            ("Miami Valley", 38, ("maple-county", "Main Library"), "Miami Valley"),
            ("Hocking Hills", 45, ("pine-hollow", "Pine Hollow Library"), "Hocking Hills"),
        ],
    ),
    (
        "Webinar: Selecting for a diverse collection",
        Offering.Kind.WEBINAR,
        "1.5",
        "0",
        Offering.PaidBy.FREE,
        {"coll-selection": 3},
        [("Online", 24, None, None)],
    ),
]
NOTE = "Assessed at the annual review: years of reference and selection work at academic desks."


def seed_careers_eligibility() -> None:
    """Seed (or bring up to date) this part of the demo. Idempotent."""
    claire = Person.objects.filter(email=CLAIRE).first()
    harold = Person.objects.filter(email=HAROLD).first()
    framework = Framework.objects.filter(is_default=True).first()
    if claire is None or harold is None or framework is None:
        return
    competencies = {
        c.code: c for c in Competency.objects.filter(framework=framework, code__in=ASSESSED)
    }
    for code, level in ASSESSED.items():
        ref = f"demo:careers:{code}:supervisor"
        if (
            code not in competencies
            or Evidence.objects.filter(person=claire, source_ref=ref).exists()
        ):
            continue
        evidence_record(
            by=harold,
            person=claire,
            competency=competencies[code],
            kind="supervisor",
            level=level,
            note=NOTE,
            source_ref=ref,
        )
    _offerings()


def _offerings() -> None:
    network = Network.objects.filter(slug=NETWORK).first()
    owner = Person.objects.filter(email=COORDINATOR).first()
    if network is None or owner is None:
        return
    competencies = {c.code: c for c in Competency.objects.filter(framework__is_default=True)}
    today = timezone.localdate()
    for title, kind, hours, fee, paid_by, addresses, sessions in OFFERINGS:
        offering = Offering.objects.filter(provider_network=network, title=title).first()
        if offering is None:
            offering = offering_create(
                by=owner,
                title=title,
                kind=kind,
                description="For staff on the road to a professional post.",
                ce_hours=Decimal(hours),
                ce_credits=Decimal(hours) / 10,
                fee=Decimal(fee),
                paid_by=paid_by,
                provider_kind=Offering.Provider.NETWORK,
                provider_network=network,
            )
        for code, level in addresses.items():
            if code in competencies:
                offering_competency_set(
                    by=owner, offering=offering, competency=competencies[code], level=level
                )
        for label, days, where, region in sessions:
            if Session.objects.filter(offering=offering, title=label).exists():
                continue
            start = dt.datetime.combine(today + dt.timedelta(days=days), dt.time(10), tzinfo=ZONE)
            end = start + dt.timedelta(hours=float(hours))
            branch = (
                Branch.objects.filter(library__slug=where[0], name=where[1]).first()
                if where
                else None
            )
            session_create(
                by=owner,
                offering=offering,
                dates=[(start, end)],
                capacity=30 if where else 200,
                facilitators=[],
                title=label,
                venue_branch=branch,
                venue_address="",
                online_url="" if where else "https://ovla.example/webinars/selecting",
                region=network.regions.filter(name=region).first() if region else None,
                registration_deadline=None,
            )
