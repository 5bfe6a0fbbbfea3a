"""Demo data: certifications.

The association adopts the three shipped schemes. At Maple County, three assistants pursue the
Library Support Staff Certification at different stages — Jamal just started, Monique is
part-way, Sophie has all six sets and awaits her supervisor's confirmation — their verified,
tagged training counting toward the sets on its own (Sophie's access-services set by
portfolio). Marcus holds the LSSC and is in his renewal window, short of technology hours;
Doug's lapsed. Beth at Millbrook holds it comfortably. Gregory, Li and Ellen hold state
public-librarian certificates of different grades.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from ladder.certifications import scheme_templates, schemes, services
from ladder.certifications.hours import add_years
from ladder.certifications.models import PartCompletion, Pursuit, Scheme
from ladder.learning.models import Offering, TrainingCompetency, TrainingRecord
from ladder.orgs.models import Network
from ladder.people.models import Credential, Person
from ladder.skills.models import Competency

NETWORK_SLUG = "ohio-valley"
SITE_ADMIN = "dana.whitaker@ladder.example"
MAPLE = "maplecountylibrary.example"


def _person(local: str, domain: str = MAPLE) -> Person | None:
    return Person.objects.filter(email=f"{local}@{domain}").first()


def _competency(*, tag: str = "", area_prefix: str = "") -> Competency | None:
    qs = Competency.objects.filter(framework__is_default=True)
    if tag:
        qs = qs.filter(external_tags__scheme__slug="ala-apa-lssc", external_tags__code=tag)
    if area_prefix:
        qs = qs.filter(Q(area__code=area_prefix) | Q(area__code__startswith=area_prefix + "-"))
    return qs.order_by("pk").first()


def _training(
    person: Person,
    title: str,
    on: dt.date,
    hours: str,
    competency: Competency | None,
    kind: str = Offering.Kind.WORKSHOP,
) -> TrainingRecord:
    record, _ = TrainingRecord.objects.update_or_create(
        person=person,
        title=title,
        defaults={
            "kind": kind,
            "provider": "Ohio Valley Library Association",
            "completed_on": on,
            "hours": Decimal(hours),
            "status": TrainingRecord.Status.VERIFIED,
        },
    )
    if competency is not None:
        TrainingCompetency.objects.get_or_create(
            record=record, competency=competency, defaults={"level": 2}
        )
    return record


def _adopted(by: Person, network: Network) -> dict[str, Scheme]:
    adopted: dict[str, Scheme] = {}
    for template in scheme_templates.install_templates():
        scheme = Scheme.objects.filter(network=network, slug=template.slug).first()
        if scheme is None:
            scheme = schemes.scheme_adopt(by=by, template=template, network=network)
        adopted[template.slug] = scheme
    return adopted


def _pursue(by: Person, person: Person, scheme: Scheme, started: dt.date) -> Pursuit:
    existing = Pursuit.objects.filter(person=person, scheme=scheme).first()
    if existing is not None:
        return existing
    return services.pursuit_start(by=by, person=person, scheme=scheme, started_on=started)


def _link_held(person: Person, scheme: Scheme) -> None:
    """A holder the demo already gave a Credential: the pursuit adopts it and keeps it in sync."""
    credential = Credential.objects.filter(
        person=person,
        kind=Credential.Kind.CERTIFICATION,
        certification_type=scheme.certification_type,
    ).first()
    if credential is None or credential.awarded_on is None:
        return
    pursuit, _ = Pursuit.objects.update_or_create(
        person=person,
        scheme=scheme,
        defaults={
            "started_on": credential.awarded_on,
            "earned_on": credential.awarded_on,
            "cycle_start": credential.awarded_on,
            "expires_on": add_years(credential.awarded_on, scheme.validity_years),
            "credential": credential,
        },
    )
    services._sync_credential(pursuit)


def _held(by: Person, person: Person | None, scheme: Scheme, earned: dt.date, grade: str) -> None:
    if person is None or Pursuit.objects.filter(person=person, scheme=scheme).exists():
        return
    services.pursuit_record_held(by=by, person=person, scheme=scheme, earned_on=earned, grade=grade)


def seed_certifications() -> None:
    """Seed (or bring up to date) this part of the demo. Idempotent."""
    network = Network.objects.filter(slug=NETWORK_SLUG).first()
    admin = Person.objects.filter(email=SITE_ADMIN).first()
    if network is None or admin is None:
        return
    today = timezone.localdate()
    adopted = _adopted(admin, network)
    lssc, state = adopted["lssc"], adopted["state-public-librarian"]
    tech = _competency(tag="technology")
    foundations = _competency(tag="foundations")
    teamwork = _competency(tag="communication-teamwork")
    access = _competency(tag="access-services")
    youth = _competency(tag="youth-services")
    general = _competency(area_prefix="foundations")

    # Assistants pursuing the LSSC at three stages; tagged training counts on its own.
    jamal, monique, sophie = (
        _person("jamal.washington"),
        _person("monique.carter"),
        _person("sophie.brennan"),
    )
    if jamal is not None:
        _pursue(admin, jamal, lssc, today - dt.timedelta(days=20))
    if monique is not None:
        _pursue(admin, monique, lssc, today - dt.timedelta(days=400))
        _training(
            monique, "Library values and you", today - dt.timedelta(days=300), "6", foundations
        )
        _training(
            monique, "Circulation desk essentials", today - dt.timedelta(days=200), "6", access
        )
    if sophie is not None:
        pursuit = _pursue(admin, sophie, lssc, today - dt.timedelta(days=700))
        _training(
            sophie,
            "LSSC: Foundations of library service",
            today - dt.timedelta(days=650),
            "12",
            foundations,
        )
        _training(
            sophie,
            "LSSC: Communication and teamwork",
            today - dt.timedelta(days=500),
            "12",
            teamwork,
        )
        _training(
            sophie, "LSSC: Technology for library staff", today - dt.timedelta(days=400), "12", tech
        )
        _training(sophie, "Storytime that works", today - dt.timedelta(days=300), "8", youth)
        part = lssc.parts.filter(code="access-services").first()
        if part is not None and not pursuit.completions.filter(part=part).exists():
            services.pursuit_record_part(
                by=admin,
                pursuit=pursuit,
                part=part,
                method=PartCompletion.Method.PORTFOLIO,
                completed_on=today - dt.timedelta(days=150),
                note="Portfolio on interlibrary loan at Eastgate, approved by the association.",
            )

    # Holders: Marcus in his renewal window, short of technology hours; Doug lapsed; Beth fine.
    marcus = _person("marcus.bell")
    for holder in (
        marcus,
        _person("doug.hensley"),
        _person("beth.sorensen", "millbrooklibrary.example"),
    ):
        if holder is not None:
            _link_held(holder, lssc)
    if marcus is not None:
        start = Pursuit.objects.get(person=marcus, scheme=lssc).cycle_start or today
        _training(
            marcus, "Readers' advisory roundup", start + dt.timedelta(days=120), "14", general
        )
        _training(
            marcus, "Supervising student workers", start + dt.timedelta(days=300), "12", general
        )
        _training(
            marcus, "Quick tips: the new self-checkout", start + dt.timedelta(days=400), "1", tech
        )

    # Librarians with state public-librarian certificates.
    _held(admin, _person("gregory.whitfield"), state, add_years(today, -3), "Grade 1")
    _held(
        admin,
        _person("ellen.marsh"),
        state,
        add_years(today, -4) - dt.timedelta(days=60),
        "Grade 2",
    )
    _held(admin, _person("li.wei"), state, add_years(today, -1), "Grade 3")
