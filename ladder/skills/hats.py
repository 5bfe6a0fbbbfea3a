"""Hats: the duties a library shares out (a wearer does it, a backup can cover), and the board
that shows who wears what and where cross-training is missing.

Who may do what (the issue's permissions):
- the board and a hat's page are visible to the library's current staff (colleagues), the
  supervisors of its staff, its admins and site admins; anyone else gets a 404;
- people's contracted hours, hat hours and level gaps are shown only for people the viewer
  manages (self, supervisor chain, the library's admins, site admin);
- a library's admins (and site admins) create, edit and delete hats, set their required
  levels and assign them to employments of that library.

Hat hours: the sum of Hat.weekly_hours over an employment's current *wearer* assignments; a
backup covers now and then, so backing up adds no hours. A person with two employments at the
library appears once per employment, each against its own contracted hours.

A branch's board shows that branch's hats and the library-wide ones (which its staff may wear),
and the people employed at that branch.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypedDict

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import dateformat, timezone
from typing_extensions import Unpack

from ladder.core.access import Access, access_for
from ladder.core.audit import assign_validated, diff, log_action, snapshot
from ladder.core.policies import require
from ladder.orgs.models import Branch, Library, Membership
from ladder.people.models import Employment, Person
from ladder.skills import policies
from ladder.skills.models import (
    Competency,
    Hat,
    HatAssignment,
    HatRequirement,
    Level,
    Rating,
)


class HatFields(TypedDict, total=False):
    """What hat_update may change (HAT_FIELDS)."""

    name: str
    branch: Branch | None
    weekly_hours: Decimal
    description: str


HAT_FIELDS = ["name", "branch", "weekly_hours", "description"]
Role = HatAssignment.Role


# ---------------------------------------------------------------------------------------------
# Permissions
# ---------------------------------------------------------------------------------------------


def _manages(access: Access, library_id: int, person_id: int) -> bool:
    """people_managed_by(access), answered without a query for the library's staff."""
    return (
        access.is_site_admin
        or library_id in access.admin_library_ids
        or person_id == access.person_id
        or person_id in access.report_ids
    )


def _require_editor(access: Access, library: Library) -> None:
    message = f"Only {library}'s admins change its hats."
    require(policies.can_edit_hats, access, library.pk, message=message)


def library_for_board_or_404(access: Access, library_pk: int) -> Library:
    library = Library.objects.filter(pk=library_pk).first()
    if library is None or not policies.can_view_hat_board(access, library.pk):
        raise Http404("No such library")
    return library


def hat_or_404(access: Access, pk: int) -> Hat:
    hat = Hat.objects.select_related("library", "branch").filter(pk=pk).first()
    if hat is None or not policies.can_view_hat_board(access, hat.library_id):
        raise Http404("No such hat")
    return hat


def assignment_or_404(access: Access, pk: int) -> HatAssignment:
    assignment = (
        HatAssignment.objects.select_related(
            "hat__library", "hat__branch", "employment__person", "employment__job_class"
        )
        .filter(pk=pk)
        .first()
    )
    if assignment is None or not policies.can_view_hat_board(access, assignment.hat.library_id):
        raise Http404("No such assignment")
    return assignment


# ---------------------------------------------------------------------------------------------
# Choices the pages offer
# ---------------------------------------------------------------------------------------------


def competencies_for_library(library: Library) -> QuerySet[Competency]:
    """Competencies of the shared frameworks and of the frameworks of the library's networks."""
    networks = Membership.objects.filter(library_id=library.pk).values("network_id")
    return Competency.objects.filter(
        Q(framework__network__isnull=True) | Q(framework__network_id__in=networks)
    ).select_related("framework", "area")


def assignable_employments(library: Library) -> QuerySet[Employment]:
    return (
        Employment.objects.current()
        .filter(library=library)
        .select_related("person", "job_class", "branch")
        .order_by("person__last_name", "person__first_name", "pk")
    )


# ---------------------------------------------------------------------------------------------
# Services
# ---------------------------------------------------------------------------------------------


def _day(value: dt.date) -> str:
    return dateformat.format(value, "M j, Y")


def _add(errors: dict[str, list[str]], name: str, message: str) -> None:
    errors.setdefault(name, []).append(message)


def _validate_hat(hat: Hat) -> None:
    errors: dict[str, list[str]] = {}
    try:
        # Uniqueness is checked below with a message that names the clash.
        hat.full_clean(exclude=["library"], validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        errors.update({k: list(v) for k, v in exc.message_dict.items()})
    if not hat.name and "name" not in errors:
        _add(errors, "name", "Give the hat a name.")
    if hat.branch is not None and hat.branch.library_id != hat.library_id:
        _add(errors, "branch", f"This branch does not belong to {hat.library}.")
    if hat.name and "name" not in errors:
        clash = Hat.objects.filter(library_id=hat.library_id, name__iexact=hat.name).exclude(
            pk=hat.pk
        )
        clash = (
            clash.filter(branch_id=hat.branch_id)
            if hat.branch_id
            else clash.filter(branch__isnull=True)
        )
        if clash.exists():
            where = hat.branch.name if hat.branch is not None else "the whole library"
            _add(errors, "name", f"There is already a hat called “{hat.name}” for {where}.")
    if errors:
        raise ValidationError(errors)


def _save_hat(hat: Hat) -> None:
    try:
        with transaction.atomic():
            hat.save()
    except IntegrityError as exc:
        # Two admins adding the same name at once: the constraint catches the second.
        raise ValidationError({"name": "There is already a hat with this name."}) from exc


def hat_create(
    *,
    by: Person,
    library: Library,
    name: str,
    weekly_hours: Decimal | int | str,
    branch: Branch | None = None,
    description: str = "",
) -> Hat:
    """A library's admin defines a duty its staff can wear."""
    _require_editor(access_for(by), library)
    hat = Hat(
        library=library,
        branch=branch,
        name=(name or "").strip(),
        description=(description or "").strip(),
        weekly_hours=weekly_hours,
    )
    _validate_hat(hat)
    with transaction.atomic():
        _save_hat(hat)
        log_action(
            actor=by,
            action="skills.hat.created",
            obj=hat,
            summary=f"Added the hat {hat.name} at {library}",
            changes={name: [None, getattr(hat, name)] for name in HAT_FIELDS},
        )
    return hat


def hat_update(*, by: Person, hat: Hat, **fields: Unpack[HatFields]) -> Hat:
    _require_editor(access_for(by), hat.library)
    for text in ("name", "description"):
        if text in fields:
            fields[text] = (fields[text] or "").strip()
    changes = assign_validated(
        hat, fields=fields, allowed=HAT_FIELDS, validate=lambda: _validate_hat(hat)
    )
    if not changes:
        return hat
    with transaction.atomic():
        _save_hat(hat)
        log_action(
            actor=by,
            action="skills.hat.updated",
            obj=hat,
            summary=f"Updated the hat {hat.name}",
            changes=changes,
        )
    return hat


def _current_or_upcoming(on: dt.date) -> Q:
    return Q(end_date__isnull=True) | Q(end_date__gte=on)


def _active(on: dt.date) -> Q:
    """Assignments that run now or later, on a job the person still holds."""
    return _current_or_upcoming(on) & (
        Q(employment__end_date__isnull=True) | Q(employment__end_date__gte=on)
    )


def hat_delete(*, by: Person, hat: Hat) -> None:
    """Delete a hat nobody wears or backs up any more.

    Who wore a hat is experience people rely on, so a hat in use must first be handed back
    (hat_unassign keeps the dates); the audit entry records the past assignments removed.
    """
    _require_editor(access_for(by), hat.library)
    today = timezone.localdate()
    if hat.assignments.filter(_active(today)).exists():
        raise ValidationError(
            {
                NON_FIELD_ERRORS: "People still wear or back up this hat. End their "
                "assignments first, then delete it."
            }
        )
    with transaction.atomic():
        past = hat.assignments.count()
        log_action(
            actor=by,
            action="skills.hat.deleted",
            obj=hat,
            summary=f"Deleted the hat {hat.name} ({past} past assignments)",
            changes={name: [getattr(hat, name), None] for name in HAT_FIELDS},
        )
        hat.delete()


def _scale(competency: Competency) -> list[int]:
    return list(
        Level.objects.filter(framework_id=competency.framework_id).values_list("value", flat=True)
    )


def hat_requirement_set(
    *, by: Person, hat: Hat, competency: Competency, level: int | None
) -> HatRequirement | None:
    """Require a level in a competency for the hat; level None removes the requirement."""
    _require_editor(access_for(by), hat.library)
    if not competencies_for_library(hat.library).filter(pk=competency.pk).exists():
        raise ValidationError(
            {"competency": f"{competency} is not in a framework {hat.library} uses."}
        )
    existing = HatRequirement.objects.filter(hat=hat, competency=competency).first()
    if level is None:
        if existing is None:
            return None
        with transaction.atomic():
            log_action(
                actor=by,
                action="skills.hat_requirement.removed",
                obj=hat,
                summary=f"{hat.name} no longer requires {competency}",
                changes={f"requirement:{competency.pk}": [existing.level, None]},
            )
            existing.delete()
        return None
    scale = _scale(competency)
    if level not in scale:
        shown = ", ".join(str(value) for value in scale) or "none defined"
        raise ValidationError(
            {"level": f"Choose a level on the {competency.framework} scale ({shown})."}
        )
    old = existing.level if existing is not None else None
    if old == level:
        return existing
    with transaction.atomic():
        requirement, _ = HatRequirement.objects.update_or_create(
            hat=hat, competency=competency, defaults={"level": level}
        )
        log_action(
            actor=by,
            action="skills.hat_requirement.set",
            obj=hat,
            summary=f"{hat.name} requires {competency} at level {level}",
            changes={f"requirement:{competency.pk}": [old, level]},
        )
    return requirement


def hat_assign(
    *, by: Person, hat: Hat, employment: Employment, role: str, start_date: dt.date | None
) -> HatAssignment:
    """Give an employment of the hat's library a hat to wear, or to back up."""
    _require_editor(access_for(by), hat.library)
    errors: dict[str, list[str]] = {}
    if employment.library_id != hat.library_id:
        _add(
            errors,
            "employment",
            f"This job is at {employment.library}; {hat.name} is a hat of {hat.library}.",
        )
    if role not in Role.values:
        _add(errors, "role", "Choose wearer or backup.")
    if start_date is None:
        _add(errors, "start_date", "Give the date the assignment starts.")
    elif "employment" not in errors:
        if start_date < employment.start_date:
            _add(
                errors,
                "start_date",
                f"The job starts on {_day(employment.start_date)}; the hat cannot start before it.",
            )
        if employment.end_date is not None and start_date > employment.end_date:
            _add(
                errors,
                "start_date",
                f"The job ended on {_day(employment.end_date)}.",
            )
        overlapping = HatAssignment.objects.filter(hat=hat, employment=employment).filter(
            _current_or_upcoming(start_date)
        )
        clash = overlapping.first()
        if clash is not None:
            _add(
                errors,
                "employment",
                f"{employment.person} is already {clash.get_role_display().lower()} of this "
                f"hat from {_day(clash.start_date)}; end that assignment first.",
            )
    if errors:
        raise ValidationError(errors)
    assert start_date is not None
    with transaction.atomic():
        assignment = HatAssignment.objects.create(
            hat=hat, employment=employment, role=role, start_date=start_date
        )
        log_action(
            actor=by,
            action="skills.hat_assignment.created",
            obj=assignment,
            summary=f"{employment.person} is {assignment.get_role_display().lower()} "
            f"of {hat.name} from {_day(start_date)}",
            changes={
                "hat": [None, hat.pk],
                "employment": [None, employment.pk],
                "role": [None, role],
                "start_date": [None, start_date],
            },
        )
    return assignment


def hat_unassign(
    *, by: Person, assignment: HatAssignment, end_date: dt.date | None
) -> HatAssignment:
    """End an assignment on a date; the record stays as the person's experience."""
    hat = assignment.hat
    _require_editor(access_for(by), hat.library)
    today = timezone.localdate()
    if assignment.end_date is not None and assignment.end_date < today:
        raise ValidationError(
            {"end_date": f"This assignment already ended on {_day(assignment.end_date)}."}
        )
    if end_date is None:
        raise ValidationError({"end_date": "Give the last day of the assignment."})
    if end_date < assignment.start_date:
        raise ValidationError(
            {
                "end_date": "The end date cannot be before the start date "
                f"({_day(assignment.start_date)})."
            }
        )
    before = snapshot(assignment, ["end_date"])
    assignment.end_date = end_date
    with transaction.atomic():
        assignment.save(update_fields=["end_date"])
        log_action(
            actor=by,
            action="skills.hat_assignment.ended",
            obj=assignment,
            summary=f"{assignment.employment.person} ends as "
            f"{assignment.get_role_display().lower()} of {hat.name} on {_day(end_date)}",
            changes=diff(before, {"end_date": end_date}),
        )
    return assignment


# ---------------------------------------------------------------------------------------------
# Selectors: the board and a hat's page
# ---------------------------------------------------------------------------------------------


@dataclass
class LevelGap:
    """Someone who wears (or backs up) a hat below a level it requires."""

    assignment: HatAssignment
    requirement: HatRequirement
    level: int | None  # the person's current level; None when never rated
    required_label: str
    level_label: str


@dataclass
class HatRow:
    hat: Hat
    requirements: list[HatRequirement]
    requirement_labels: list[str]
    wearers: list[HatAssignment] = field(default_factory=list)
    backups: list[HatAssignment] = field(default_factory=list)
    # Only about the people the viewer manages.
    gaps: list[LevelGap] = field(default_factory=list)

    @property
    def has_backup(self) -> bool:
        return bool(self.backups)

    @property
    def has_wearer(self) -> bool:
        return bool(self.wearers)


@dataclass
class PersonRow:
    employment: Employment
    managed: bool
    wears: list[Hat] = field(default_factory=list)
    backs: list[Hat] = field(default_factory=list)
    # Hours are private: set only when the viewer manages the person.
    hat_hours: Decimal | None = None
    contracted_hours: Decimal | None = None

    @property
    def over_by(self) -> Decimal | None:
        if self.hat_hours is None or self.contracted_hours is None:
            return None
        over = self.hat_hours - self.contracted_hours
        return over if over > 0 else None


@dataclass
class HatBoard:
    library: Library
    branch: Branch | None
    hats: list[HatRow]
    people: list[PersonRow]
    can_edit: bool
    manages_everyone: bool

    @property
    def without_backup(self) -> list[HatRow]:
        return [row for row in self.hats if not row.has_backup]

    @property
    def without_wearer(self) -> list[HatRow]:
        return [row for row in self.hats if not row.has_wearer]

    @property
    def below_level(self) -> list[LevelGap]:
        return [gap for row in self.hats for gap in row.gaps if gap.assignment.role == Role.WEARER]

    @property
    def over_hours(self) -> list[PersonRow]:
        return [row for row in self.people if row.over_by is not None]

    @property
    def shows_hours(self) -> bool:
        return any(row.managed for row in self.people)


def _current(prefix: str, on: dt.date) -> Q:
    return Q(**{f"{prefix}start_date__lte": on}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": on})
    )


class _Levels:
    """Level names per framework and people's current levels, fetched in two queries."""

    def __init__(self, requirements: list[HatRequirement], person_ids: set[int]) -> None:
        framework_ids = {r.competency.framework_id for r in requirements}
        competency_ids = {r.competency_id for r in requirements}
        self.names: dict[tuple[int, int], str] = {}
        self.levels: dict[tuple[int, int], int] = {}
        if not requirements:
            return
        for framework_id, value, name in Level.objects.filter(
            framework_id__in=framework_ids
        ).values_list("framework_id", "value", "name"):
            self.names[(framework_id, value)] = name
        if person_ids:
            for person_id, competency_id, level in Rating.objects.filter(
                person_id__in=person_ids, competency_id__in=competency_ids
            ).values_list("person_id", "competency_id", "level"):
                self.levels[(person_id, competency_id)] = level

    def label(self, framework_id: int, value: int | None) -> str:
        if value is None:
            return "not rated"
        name = self.names.get((framework_id, value))
        return f"{value} ({name})" if name else str(value)

    def requirement_label(self, requirement: HatRequirement) -> str:
        label = self.label(requirement.competency.framework_id, requirement.level)
        return f"{requirement.competency.name} at {label} or above"

    def gap(self, assignment: HatAssignment, requirement: HatRequirement) -> LevelGap | None:
        person_id = assignment.employment.person_id
        level = self.levels.get((person_id, requirement.competency_id))
        if level is not None and level >= requirement.level:
            return None
        framework_id = requirement.competency.framework_id
        return LevelGap(
            assignment=assignment,
            requirement=requirement,
            level=level,
            required_label=self.label(framework_id, requirement.level),
            level_label=self.label(framework_id, level),
        )


def _hats_with_requirements(hats: QuerySet[Hat]) -> list[Hat]:
    requirements = HatRequirement.objects.select_related("competency").order_by("competency__name")
    return list(
        hats.select_related("branch")
        .prefetch_related(Prefetch("requirements", queryset=requirements))
        .order_by("name", "pk")
    )


def hat_board(access: Access, library: Library, branch: Branch | None = None) -> HatBoard:
    """Who wears which hat, hat hours against contracted hours, and the cross-training gaps.

    A fixed handful of queries however many hats and people: hats with their requirements,
    current assignments, current employments, level names and ratings.
    """
    today = timezone.localdate()
    hats_qs = Hat.objects.filter(library=library)
    jobs = Employment.objects.current(today).filter(library=library)
    if branch is not None:
        hats_qs = hats_qs.filter(Q(branch=branch) | Q(branch__isnull=True))
        jobs = jobs.filter(branch=branch)
    hats = _hats_with_requirements(hats_qs)
    # Every current assignment at the library: a person's hat hours count hats of other
    # branches too. Only jobs still held count: a leaver no longer covers anything.
    assignments = list(
        HatAssignment.objects.filter(_current("", today), _current("employment__", today))
        .filter(hat__library=library)
        .select_related("hat", "employment__person", "employment__job_class", "employment__branch")
        .order_by("employment__person__last_name", "employment__person__first_name", "pk")
    )
    employments = list(
        jobs.select_related("person", "job_class", "branch").order_by(
            "person__last_name", "person__first_name", "pk"
        )
    )

    requirements = [r for hat in hats for r in hat.requirements.all()]
    managed_people = {
        a.employment.person_id
        for a in assignments
        if _manages(access, library.pk, a.employment.person_id)
    }
    levels = _Levels(requirements, managed_people)

    rows: dict[int, HatRow] = {}
    for hat in hats:
        own = list(hat.requirements.all())
        rows[hat.pk] = HatRow(
            hat=hat,
            requirements=own,
            requirement_labels=[levels.requirement_label(r) for r in own],
        )
    by_employment: dict[int, list[HatAssignment]] = defaultdict(list)
    for assignment in assignments:
        by_employment[assignment.employment_id].append(assignment)
        row = rows.get(assignment.hat_id)
        if row is None:
            continue  # a hat of another branch: counts for hours, not shown here
        if assignment.role == Role.WEARER:
            row.wearers.append(assignment)
        else:
            row.backups.append(assignment)
        if assignment.employment.person_id in managed_people:
            for requirement in row.requirements:
                gap = levels.gap(assignment, requirement)
                if gap is not None:
                    row.gaps.append(gap)

    people = []
    for employment in employments:
        managed = _manages(access, library.pk, employment.person_id)
        mine = by_employment.get(employment.pk, [])
        person = PersonRow(
            employment=employment,
            managed=managed,
            wears=[a.hat for a in mine if a.role == Role.WEARER],
            backs=[a.hat for a in mine if a.role == Role.BACKUP],
        )
        if managed:
            person.hat_hours = sum((hat.weekly_hours for hat in person.wears), Decimal("0"))
            person.contracted_hours = employment.weekly_hours
        people.append(person)

    return HatBoard(
        library=library,
        branch=branch,
        hats=list(rows.values()),
        people=people,
        can_edit=policies.can_edit_hats(access, library.pk),
        manages_everyone=access.is_site_admin or library.pk in access.admin_library_ids,
    )


@dataclass
class AssignmentRow:
    assignment: HatAssignment
    managed: bool
    gaps: list[LevelGap]
    upcoming: bool


@dataclass
class HatDetail:
    hat: Hat
    requirements: list[tuple[HatRequirement, str]]
    current: list[AssignmentRow]
    past: list[HatAssignment]
    can_edit: bool

    @property
    def wearers(self) -> list[AssignmentRow]:
        return [row for row in self.current if row.assignment.role == Role.WEARER]

    @property
    def backups(self) -> list[AssignmentRow]:
        return [row for row in self.current if row.assignment.role == Role.BACKUP]


PAST_SHOWN = 20


def hat_detail(access: Access, hat: Hat) -> HatDetail:
    """A hat's requirements, who wears and backs it up now (or soon), and who did before."""
    today = timezone.localdate()
    requirements = list(
        HatRequirement.objects.filter(hat=hat)
        .select_related("competency")
        .order_by("competency__name")
    )
    people = HatAssignment.objects.filter(hat=hat).select_related(
        "employment__person", "employment__job_class", "employment__branch"
    )
    current = list(people.filter(_active(today)).order_by("role", "start_date", "pk"))
    past = list(people.exclude(_active(today)).order_by("-end_date", "-pk")[:PAST_SHOWN])
    managed = {
        a.employment.person_id
        for a in current
        if _manages(access, hat.library_id, a.employment.person_id)
    }
    levels = _Levels(requirements, managed)
    rows = []
    for assignment in current:
        is_managed = assignment.employment.person_id in managed
        gaps = []
        if is_managed:
            gaps = [g for r in requirements if (g := levels.gap(assignment, r)) is not None]
        rows.append(
            AssignmentRow(
                assignment=assignment,
                managed=is_managed,
                gaps=gaps,
                upcoming=assignment.start_date > today,
            )
        )
    return HatDetail(
        hat=hat,
        requirements=[(r, levels.requirement_label(r)) for r in requirements],
        current=rows,
        past=past,
        can_edit=policies.can_edit_hats(access, hat.library_id),
    )
