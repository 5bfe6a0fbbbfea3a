"""Writes on pursuits: start pursuing, record a part, earn, record a holding, renew.

Who may do what: a person starts pursuing a scheme of their library's network for themselves;
their supervisor chain and library admins (the *approvers*) may start it for them, record part
completions, confirm the certification earned and renew it. Each holding is mirrored by a
`people.Credential` (kind certification) whose `expires_on` is the end of grace — see models.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from ladder.certifications.hours import add_years, fmt_hours
from ladder.certifications.models import PartCompletion, Pursuit, Renewal, Scheme, SchemePart
from ladder.certifications.policies import can_approve_pursuits
from ladder.certifications.progress import Status, progress_of, status_on
from ladder.core.access import access_for
from ladder.core.audit import log_action
from ladder.core.dates import add_months
from ladder.core.policies import require
from ladder.learning.models import TrainingRecord
from ladder.orgs.models import Membership
from ladder.people.models import Credential, EducationLevel, Employment, Person, PriorExperience


def _person_networks(person: Person) -> set[int]:
    libraries = Employment.objects.filter(person=person).current().values("library_id")
    return set(
        Membership.objects.filter(library_id__in=libraries).values_list("network_id", flat=True)
    )


def highest_education(person: Person) -> int:
    level = Credential.objects.filter(
        person=person, kind=Credential.Kind.DEGREE, status=Credential.Status.AWARDED
    ).aggregate(m=Max("degree_level"))["m"]
    return int(level) if level is not None else EducationLevel.NONE


def library_work_hours(person: Person, years: int, today: dt.date) -> Decimal:
    """Hours of library work (employments and prior library jobs) within the last `years`."""
    since = add_years(today, -years) if years else dt.date(1900, 1, 1)
    total = Decimal("0")
    spans = [
        (e.start_date, e.end_date, e.weekly_hours) for e in Employment.objects.filter(person=person)
    ] + [
        (x.start_date, x.end_date, x.hours_per_week)
        for x in PriorExperience.objects.filter(person=person, is_library_work=True)
    ]
    for start, end, weekly in spans:
        start, end = max(start, since), min(end or today, today)
        if end >= start:
            total += Decimal((end - start).days) / 7 * weekly
    return total.quantize(Decimal("0.1"))


def entry_errors(person: Person, scheme: Scheme, today: dt.date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if highest_education(person) < scheme.entry_min_education:
        errors["scheme"] = (
            f"{scheme.name} requires at least: {EducationLevel(scheme.entry_min_education).label}."
        )
    elif scheme.entry_work_hours:
        hours = library_work_hours(person, scheme.entry_work_years, today)
        if hours < scheme.entry_work_hours:
            within = (
                f" in the last {scheme.entry_work_years} years" if scheme.entry_work_years else ""
            )
            errors["scheme"] = (
                f"{scheme.name} requires {fmt_hours(scheme.entry_work_hours)} hours of library "
                f"work{within}; {person} has {fmt_hours(hours)}."
            )
    return errors


def pursuit_start(
    *, by: Person, person: Person, scheme: Scheme, started_on: dt.date | None = None
) -> Pursuit:
    """Start pursuing a network's scheme (checked against its entry rules)."""
    if by.pk != person.pk:
        require(can_approve_pursuits, access_for(by), person)
    started_on = started_on or timezone.localdate()
    if scheme.is_template:
        raise ValidationError({"scheme": "Pursue your network's adopted scheme, not a template."})
    if scheme.network_id not in _person_networks(person) and not access_for(by).is_site_admin:
        raise ValidationError(
            {"scheme": f"{person}'s library is not a member of {scheme.network}."}
        )
    errors = entry_errors(person, scheme, started_on)
    if errors:
        raise ValidationError(errors)
    taken = ValidationError({"scheme": f"{person} already pursues or holds {scheme.name}."})
    with transaction.atomic():
        if Pursuit.objects.filter(person=person, scheme=scheme).exists():
            raise taken
        try:
            with transaction.atomic():
                pursuit = Pursuit.objects.create(
                    person=person, scheme=scheme, started_on=started_on, created_by=by
                )
        except IntegrityError as exc:  # started at the same moment elsewhere
            raise taken from exc
        log_action(
            actor=by,
            action="certifications.pursuit.started",
            obj=pursuit,
            summary=f"{person} started {scheme.name}",
        )
    return pursuit


def pursuit_record_part(
    *,
    by: Person,
    pursuit: Pursuit,
    part: SchemePart,
    method: str,
    completed_on: dt.date,
    training_record: TrainingRecord | None = None,
    note: str = "",
) -> PartCompletion:
    """An approver records a part completed by an approved course, a portfolio or training."""
    require(can_approve_pursuits, access_for(by), pursuit.person)
    errors: dict[str, str] = {}
    if part.scheme_id != pursuit.scheme_id:
        errors["part"] = f"{part.name} is not a part of {pursuit.scheme.name}."
    if method not in PartCompletion.Method.values:
        errors["method"] = "Choose an approved course, a portfolio or a training record."
    if method == PartCompletion.Method.TRAINING:
        if training_record is None:
            errors["training_record"] = "Name the training record that covers the part."
        elif training_record.person_id != pursuit.person_id:
            errors["training_record"] = "The training record belongs to someone else."
        elif training_record.status != TrainingRecord.Status.VERIFIED:
            errors["training_record"] = "Only a verified training record covers a part."
    if completed_on > timezone.localdate():
        errors["completed_on"] = "A part cannot be completed in the future."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        Pursuit.objects.select_for_update().get(pk=pursuit.pk)
        if PartCompletion.objects.filter(pursuit=pursuit, part=part).exists():
            raise ValidationError({"part": f"{part.name} is already recorded as completed."})
        completion = PartCompletion.objects.create(
            pursuit=pursuit,
            part=part,
            method=method,
            training_record=training_record,
            completed_on=completed_on,
            note=note.strip(),
            recorded_by=by,
        )
        log_action(
            actor=by,
            action="certifications.part.completed",
            obj=completion,
            summary=f"{pursuit.person}: {part.name} completed ({completion.get_method_display()})",
        )
    return completion


def _sync_credential(pursuit: Pursuit) -> Credential:
    """Create or update the Credential mirroring the holding (expires at the end of grace)."""
    scheme = pursuit.scheme
    assert pursuit.earned_on is not None and pursuit.expires_on is not None
    values = {
        "person": pursuit.person,
        "kind": Credential.Kind.CERTIFICATION,
        "status": Credential.Status.AWARDED,
        "certification_type": scheme.certification_type,
        "issuer": scheme.issuer,
        "awarded_on": pursuit.earned_on,
        "started_on": pursuit.started_on,
        "expires_on": add_months(pursuit.expires_on, scheme.grace_months),
        "renewal_hours": scheme.cycle_hours or None,
    }
    credential = pursuit.credential
    if credential is None:
        credential = Credential.objects.create(**values)
        pursuit.credential = credential
        pursuit.save(update_fields=["credential"])
    else:
        for key, value in values.items():
            setattr(credential, key, value)
        credential.save()
    return credential


def _hold(pursuit: Pursuit, earned_on: dt.date, grade: str) -> None:
    scheme = pursuit.scheme
    if grade and scheme.grade_list and grade not in scheme.grade_list:
        raise ValidationError({"grade": f"Choose one of: {', '.join(scheme.grade_list)}."})
    pursuit.earned_on = earned_on
    pursuit.cycle_start = earned_on
    pursuit.expires_on = add_years(earned_on, scheme.validity_years)
    pursuit.grade = grade
    pursuit.save(update_fields=["earned_on", "cycle_start", "expires_on", "grade"])
    _sync_credential(pursuit)


def pursuit_earn(
    *, by: Person, pursuit: Pursuit, earned_on: dt.date | None = None, grade: str = ""
) -> Pursuit:
    """Confirm the certification earned once every part is done, within the time limit."""
    require(can_approve_pursuits, access_for(by), pursuit.person)
    earned_on = earned_on or timezone.localdate()
    with transaction.atomic():
        pursuit = (
            Pursuit.objects.select_for_update()
            .select_related("scheme", "person")
            .get(pk=pursuit.pk)
        )
        if pursuit.earned_on is not None:
            raise ValidationError({"pursuit": "Already earned; renew it instead."})
        progress = progress_of(pursuit, earned_on)
        if progress.status == Status.OUT_OF_TIME:
            raise ValidationError(
                {"pursuit": f"The time limit to finish passed on {progress.finish_by}."}
            )
        if not progress.parts_complete:
            raise ValidationError(
                {"pursuit": f"{progress.parts_remaining} part(s) remain to be completed."}
            )
        _hold(pursuit, earned_on, grade)
        log_action(
            actor=by,
            action="certifications.pursuit.earned",
            obj=pursuit,
            summary=f"{pursuit.person} earned {pursuit.scheme.name}",
            changes={"expires_on": [None, pursuit.expires_on]},
        )
    return pursuit


def pursuit_record_held(
    *, by: Person, person: Person, scheme: Scheme, earned_on: dt.date, grade: str = ""
) -> Pursuit:
    """Record a certification the person already holds (earned before or outside Ladder)."""
    require(can_approve_pursuits, access_for(by), person)
    if scheme.is_template:
        raise ValidationError({"scheme": "Record the network's adopted scheme, not a template."})
    if earned_on > timezone.localdate():
        raise ValidationError({"earned_on": "The date earned cannot be in the future."})
    with transaction.atomic():
        pursuit, created = Pursuit.objects.get_or_create(
            person=person, scheme=scheme, defaults={"started_on": earned_on, "created_by": by}
        )
        if not created and pursuit.earned_on is not None:
            raise ValidationError({"scheme": f"{person} already holds {scheme.name}."})
        _hold(pursuit, earned_on, grade)
        log_action(
            actor=by,
            action="certifications.pursuit.held",
            obj=pursuit,
            summary=f"Recorded {person} holding {scheme.name} since {earned_on}",
        )
    return pursuit


def pursuit_renew(*, by: Person, pursuit: Pursuit, renewed_on: dt.date | None = None) -> Renewal:
    """Renew in the window or the grace period, once the cycle's hours and minimums are met."""
    require(can_approve_pursuits, access_for(by), pursuit.person)
    renewed_on = renewed_on or timezone.localdate()
    with transaction.atomic():
        pursuit = (
            Pursuit.objects.select_for_update()
            .select_related("scheme", "person")
            .get(pk=pursuit.pk)
        )
        status = status_on(pursuit, renewed_on)
        if status not in (Status.RENEWAL_WINDOW, Status.GRACE):
            message = {
                Status.EARNED: "The renewal window is not open yet.",
                Status.LAPSED: "The certification has lapsed; it must be earned again.",
            }.get(status, "Only a certification held can be renewed.")
            raise ValidationError({"pursuit": message})
        progress = progress_of(pursuit, renewed_on)
        assert progress.cycle is not None
        if not progress.hours_met:
            cycle = progress.cycle
            gaps = [f"{fmt_hours(cycle.shortfall)} contact hours"] if cycle.shortfall else []
            gaps += [
                f"{fmt_hours(short)} hours of {code}"
                for code, short in progress.cycle.category_shortfalls.items()
            ]
            if progress.rolling is not None and progress.rolling.shortfall:
                years = pursuit.scheme.rolling_years
                gaps.append(f"{fmt_hours(progress.rolling.shortfall)} hours over {years} years")
            raise ValidationError({"pursuit": "Short of " + ", ".join(gaps) + " this cycle."})
        assert pursuit.expires_on is not None
        renewal = Renewal.objects.create(
            pursuit=pursuit,
            renewed_on=renewed_on,
            previous_expiry=pursuit.expires_on,
            new_expiry=add_years(pursuit.expires_on, pursuit.scheme.validity_years),
            contact_hours=progress.cycle.total,
            renewed_by=by,
        )
        pursuit.expires_on = renewal.new_expiry
        # The next cycle starts the day after this renewal, so no activity counts twice.
        pursuit.cycle_start = renewed_on + dt.timedelta(days=1)
        pursuit.save(update_fields=["expires_on", "cycle_start"])
        _sync_credential(pursuit)
        log_action(
            actor=by,
            action="certifications.pursuit.renewed",
            obj=pursuit,
            summary=f"Renewed {pursuit.scheme.name} for {pursuit.person}",
            changes={"expires_on": [renewal.previous_expiry, renewal.new_expiry]},
        )
    return renewal
