"""Demo data: the Ohio Valley Library Association's services to its members.

- Members of every kind: besides the public, academic and rural libraries (and the former law
  library member), a school, a medical and a special library join; two libraries in Ladder are
  not members.
- A workshop on managing volunteers planned in several regions through the regional planner.
- Advisory requests by e-mail, phone and in person, some answered, some open.
- The temp agency: workers at the three levels, a current and a past placement, and an open
  request from Millbrook.

Idempotent: rows are found by natural keys (slugs, e-mails, titles, topics, duties), and the
services that write them run only for what is missing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from ladder.demo.catalogue import DEMO_PASSWORD
from ladder.demo.seeding import years_ago
from ladder.learning.models import Offering, OfferingCompetency, Session
from ladder.network import advisory, planner, temp
from ladder.network.models import AdvisoryRequest, TempLevel, TempRequest, TempWorker
from ladder.orgs.models import Branch, Library, Membership, Network, Role
from ladder.people.models import Employment, Person
from ladder.skills.models import Competency

NETWORK_SLUG = "ohio-valley"
COORDINATOR = "lorraine.baxter@ovla.example"
WORKSHOP = "Managing volunteers"

# slug, name, kind, region, city, (lat, lon), member since (years ago) and fee, or None
LIBRARIES: list[tuple[str, str, str, str, str, tuple[str, str], tuple[int, str] | None]] = [
    (
        "westfield-high",
        "Westfield High School Library",
        Library.Kind.SCHOOL,
        "Miami Valley",
        "Westfield",
        ("39.758950", "-84.191610"),
        (3, "0"),
    ),
    (
        "st-brendan-medical",
        "St. Brendan's Hospital Medical Library",
        Library.Kind.MEDICAL,
        "Central Ohio",
        "Columbus",
        ("39.983330", "-83.015000"),
        (6, "400"),
    ),
    (
        "ohio-valley-historical",
        "Ohio Valley Historical Society Library",
        Library.Kind.SPECIAL,
        "Hocking Hills",
        "Marietta",
        ("39.415070", "-81.454840"),
        (11, "150"),
    ),
    (
        "lakeview-academy",
        "Lakeview Academy Library",
        Library.Kind.PRIVATE,
        "Western Reserve",
        "Lakeview",
        ("41.499320", "-81.694360"),
        None,
    ),
    (
        "riverton-engineering",
        "Riverton Engineering Corporate Library",
        Library.Kind.SPECIAL,
        "Miami Valley",
        "Riverton",
        ("39.864200", "-84.273900"),
        None,
    ),
]

# e-mail, first, last, level, home town, (lat, lon), competency codes
WORKERS = [
    (
        "gloria.reyes@temps.ovla.example",
        "Gloria",
        "Reyes",
        TempLevel.PROFESSIONAL,
        "Athens",
        ("39.329240", "-82.101260"),
        ["ref-interview", "ref-searching", "coll-selection"],
    ),
    (
        "derek.hollis@temps.ovla.example",
        "Derek",
        "Hollis",
        TempLevel.PARAPROFESSIONAL,
        "Painesville",
        ("41.724490", "-81.245780"),
        ["circ-desk", "ill-borrowing", "tech-patron-help"],
    ),
    (
        "nora.feld@temps.ovla.example",
        "Nora",
        "Feld",
        TempLevel.NON_PROFESSIONAL,
        "Logan",
        ("39.540070", "-82.407100"),
        ["circ-shelving", "circ-desk"],
    ),
]


def seed_network_services() -> None:
    """Seed (or bring up to date) this part of the demo. Idempotent."""
    network = Network.objects.filter(slug=NETWORK_SLUG).first()
    coordinator = Person.objects.filter(email=COORDINATOR).first()
    if network is None or coordinator is None:
        return
    _members(network)
    _workshop(network, coordinator)
    _advisory(network, coordinator)
    _temp_agency(network, coordinator)


def _members(network: Network) -> None:
    for slug, name, kind, region, city, (lat, lon), member in LIBRARIES:
        library, _ = Library.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "kind": kind,
                "region": network.regions.filter(name=region).first(),
                "city": city,
                "state": "OH",
            },
        )
        Branch.objects.update_or_create(
            library=library,
            name=name,
            defaults={
                "kind": Branch.Kind.CENTRAL,
                "city": city,
                "latitude": Decimal(lat),
                "longitude": Decimal(lon),
            },
        )
        if member is not None:
            years, fee = member
            Membership.objects.update_or_create(
                network=network,
                library=library,
                defaults={"joined_on": years_ago(years), "annual_fee": Decimal(fee)},
            )


def _workshop(network: Network, coordinator: Person) -> None:
    offering, _ = Offering.objects.update_or_create(
        provider_network=network,
        title=WORKSHOP,
        defaults={
            "kind": Offering.Kind.WORKSHOP,
            "provider_kind": Offering.Provider.NETWORK,
            "description": (
                "Recruiting, training and keeping volunteers: a half-day workshop repeated in "
                "each region so nobody drives far. Free to member libraries' staff."
            ),
            "ce_hours": Decimal("3"),
        },
    )
    planning = Competency.objects.filter(code="prog-planning").first()
    if planning is not None:
        OfferingCompetency.objects.get_or_create(
            offering=offering, competency=planning, defaults={"level": 2}
        )
    if Session.objects.filter(offering=offering).exists():
        return
    day = timezone.localdate() + dt.timedelta(days=40)
    starts = dt.datetime.combine(day, dt.time(9, 30))
    k = min(3, len(planner.candidate_sites(offering)))
    if k:
        planner.planned_sessions_create(
            by=coordinator,
            offering=offering,
            k=k,
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=3, minutes=30),
            capacity=24,
        )


def _staff(library_slug: str) -> Person | None:
    job = (
        Employment.objects.current()
        .filter(library__slug=library_slug)
        .select_related("person")
        .order_by("start_date", "pk")
        .first()
    )
    return job.person if job else None


# topic, library slug, channel, question, answer ("" = still open)
QUESTIONS = [
    (
        "Interlibrary loan fees for out-of-state requests",
        "brookfield-college",
        AdvisoryRequest.Channel.EMAIL,
        "A lender in Indiana charges $15 per loan. Can we pass the fee on to students?",
        "Yes, if your policy says so in advance; most members absorb fees under $20. See the "
        "association's ILL guidelines, section 4.",
    ),
    (
        "Weeding the local history shelf",
        "pine-hollow",
        AdvisoryRequest.Channel.PHONE,
        "Which local history items may we discard? The shelf is full.",
        "Keep anything unique to the county; offer duplicates to the historical society first.",
    ),
    (
        "Volunteer agreements",
        "millbrook-township",
        AdvisoryRequest.Channel.IN_PERSON,
        "Do volunteers shelving books need a signed agreement and a background check?",
        "",
    ),
    (
        "Moving to a new ILS",
        "maple-county",
        AdvisoryRequest.Channel.EMAIL,
        "We are choosing a new ILS next year. Can a consultant help us write the requirements?",
        "",
    ),
]


def _advisory(network: Network, coordinator: Person) -> None:
    for index, (topic, slug, channel, question, answer) in enumerate(QUESTIONS):
        asker = _staff(slug)
        if asker is None or AdvisoryRequest.objects.filter(network=network, topic=topic).exists():
            continue
        library = Library.objects.get(slug=slug)
        request = advisory.advisory_request_create(
            by=coordinator if channel != AdvisoryRequest.Channel.EMAIL else asker,
            network=network,
            channel=channel,
            topic=topic,
            question=question,
            library=library,
            asked_by=asker,
        )
        if answer:
            advisory.advisory_answer(by=coordinator, request=request, answer=answer)
        # The stories happened over the past weeks, answered within hours, not this instant.
        asked = timezone.now() - dt.timedelta(days=3 + 5 * index, hours=2 * index)
        stamps: dict[str, Any] = {"created_at": asked}
        if answer:
            stamps["first_response_at"] = asked + dt.timedelta(hours=3 + 4 * index, minutes=20)
            stamps["answered_at"] = stamps["first_response_at"]
        AdvisoryRequest.objects.filter(pk=request.pk).update(**stamps)


def _admin(library_slug: str) -> Person | None:
    role = (
        Role.objects.filter(kind=Role.Kind.LIBRARY_ADMIN, library__slug=library_slug)
        .select_related("person")
        .first()
    )
    return role.person if role else None


def _temp_agency(network: Network, coordinator: Person) -> None:
    password = make_password(DEMO_PASSWORD)
    workers: dict[str, TempWorker] = {}
    for email, first, last, level, town, (lat, lon), codes in WORKERS:
        person, _ = Person.objects.get_or_create(
            email=email, defaults={"first_name": first, "last_name": last, "password": password}
        )
        worker = TempWorker.objects.filter(network=network, person=person).first()
        if worker is None:
            worker = temp.temp_worker_create(
                by=coordinator,
                network=network,
                person=person,
                level=level,
                available_from=years_ago(3),
                competencies=Competency.objects.filter(code__in=codes),
                home_city=town,
                home_latitude=Decimal(lat),
                home_longitude=Decimal(lon),
                max_weekly_hours=Decimal("40"),
                notes="Demo temp worker.",
            )
        workers[level] = worker
    today = timezone.localdate()
    # A past placement: Gloria covered Pine Hollow's reference desk for a semester.
    _placed(
        network,
        coordinator,
        library="pine-hollow",
        level=TempLevel.PROFESSIONAL,
        starts_on=today - dt.timedelta(days=400),
        ends_on=today - dt.timedelta(days=280),
        hours=Decimal("32"),
        term=TempRequest.Term.LONG,
        duties="Cover the reference desk during a parental leave.",
        worker=workers[TempLevel.PROFESSIONAL],
    )
    # A current placement: Derek at Millbrook's circulation desk.
    _placed(
        network,
        coordinator,
        library="millbrook-township",
        level=TempLevel.PARAPROFESSIONAL,
        starts_on=today - dt.timedelta(days=14),
        ends_on=today + dt.timedelta(days=42),
        hours=Decimal("24"),
        term=TempRequest.Term.SHORT,
        duties="Run the circulation desk and interlibrary loan while the assistant recovers.",
        worker=workers[TempLevel.PARAPROFESSIONAL],
    )
    # An open request: Pine Hollow needs a page for the summer reading rush.
    _placed(
        network,
        coordinator,
        library="pine-hollow",
        level=TempLevel.NON_PROFESSIONAL,
        starts_on=today + dt.timedelta(days=21),
        ends_on=today + dt.timedelta(days=77),
        hours=Decimal("15"),
        term=TempRequest.Term.SHORT,
        duties="Shelve and help at the desk during the summer reading programme.",
        worker=None,
    )


def _placed(
    network: Network,
    coordinator: Person,
    *,
    library: str,
    level: str,
    starts_on: dt.date,
    ends_on: dt.date,
    hours: Decimal,
    term: str,
    duties: str,
    worker: TempWorker | None,
) -> None:
    found = TempRequest.objects.filter(library__slug=library, duties=duties).exists()
    lib = Library.objects.filter(slug=library).first()
    admin = _admin(library)
    if found or lib is None or admin is None:
        return
    branch = Branch.objects.filter(library=lib, latitude__isnull=False).order_by("pk").first()
    request = temp.temp_request_create(
        by=admin,
        library=lib,
        branch=branch,
        level=level,
        term=term,
        starts_on=starts_on,
        ends_on=ends_on,
        weekly_hours=hours,
        duties=duties,
        network=network,
    )
    if worker is not None:
        temp.temp_place(by=coordinator, request=request, worker=worker)
