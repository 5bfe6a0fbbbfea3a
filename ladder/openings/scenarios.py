"""Succession scenarios: "what if this person leaves", "this post is vacant".

The Django side of ``ladder.optimize.succession``: read the library's hats, who wears and backs
them up, ratings, interests and contracted hours; hand plain values to the solver; store the
plan with each person's hats before and after; turn the hats nobody can take into a draft
opening ("advertise for the skill set we lack").

Inputs, as decided here:
- Staff: everyone with a current employment at the library except the leaving person
  (``person_leaves``: all their employments there) or the vacant post (``post_vacant``: the
  named employment). A person's employments at the library add up.
- Capacity: contracted hours are not all free for hats — the core of each job (desk shifts,
  shelving, programmes) takes the rest. A person may spend ``hat_share`` % (default 60) of
  their contracted weekly hours on hats, and never less than the hours of the hats they wear
  today (so today's arrangement stays possible).
- Hats: every hat of the library. A branch hat can go to staff of that branch or staff
  without a branch; a library-wide hat to anyone.
- Qualified: the person's rating meets every competency level the hat requires (its margin is
  the smallest surplus); today's wearer stays qualified for the hat they wear even when
  ratings lag behind (they do the work). A hat with no requirements suits anyone.
- Fit: ``ladder.optimize.succession.fit_score`` — levels above the requirement, interest (the
  hat needs a competency the person wants to learn or offers to teach), named backup, and
  stability for today's wearer. Every hat is a duty the library needs (``must``).

Small scenarios run at once; larger ones (more than ``INLINE_HATS`` hats) through the task
interface with progress. Scenarios are private to the library's admins.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Hashable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from ladder.core.access import Access, access_for
from ladder.core.audit import log_action
from ladder.core.models import Job
from ladder.core.policies import require
from ladder.core.tasks import Progress, enqueue, task
from ladder.openings.models import Opening, OpeningCompetency, SuccessionScenario
from ladder.openings.openings import opening_create
from ladder.openings.policies import can_change_scenario, can_plan_succession_at
from ladder.optimize import succession as solver
from ladder.orgs.models import Library
from ladder.people.models import Employment, JobClass, Person
from ladder.skills.models import Competency, Hat, HatAssignment, HatRequirement, Interest, Rating

K = SuccessionScenario.Kind
ST = SuccessionScenario.Status
RUN_TASK = "openings.succession_run"
INLINE_HATS = 60


# --- selectors ------------------------------------------------------------------------------


def scenarios_visible_to(access: Access) -> QuerySet[SuccessionScenario]:
    qs = SuccessionScenario.objects.select_related("library", "person", "employment", "job")
    if access.is_site_admin:
        return qs
    return qs.filter(library_id__in=access.admin_library_ids)


# --- building the solver's input ------------------------------------------------------------


def _current(prefix: str = "") -> Q:
    today = timezone.localdate()
    return Q(**{f"{prefix}start_date__lte": today}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": today})
    )


def _leaving_employments(scenario: SuccessionScenario) -> list[Employment]:
    qs = Employment.objects.filter(library_id=scenario.library_id).select_related("job_class")
    if scenario.kind == K.PERSON_LEAVES:
        return list(qs.filter(_current(), person_id=scenario.person_id or 0))
    return list(qs.filter(pk=scenario.employment_id or 0))


def build_inputs(scenario: SuccessionScenario) -> dict[str, Any]:
    """The solver's staff, hats, pairs and current wearers, plus names for the result.

    A fixed number of queries whatever the library's size."""
    library_id = scenario.library_id
    leaving = _leaving_employments(scenario)
    leaving_ids = {e.pk for e in leaving}
    leaving_person = scenario.person_id if scenario.kind == K.PERSON_LEAVES else None
    jobs = [
        e
        for e in Employment.objects.filter(_current(), library_id=library_id).select_related(
            "person"
        )
        if e.pk not in leaving_ids and e.person_id != leaving_person
    ]
    hats = list(Hat.objects.filter(library_id=library_id).order_by("name", "pk"))
    requirements: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for hat_id, competency_id, level in HatRequirement.objects.filter(
        hat__library_id=library_id
    ).values_list("hat_id", "competency_id", "level"):
        requirements[hat_id].append((competency_id, level))
    assignments = list(
        HatAssignment.objects.filter(_current(), hat__library_id=library_id).values_list(
            "hat_id", "employment_id", "employment__person_id", "role"
        )
    )
    people: dict[int, dict[str, Any]] = {}
    branches: dict[int, set[int | None]] = defaultdict(set)
    for job in jobs:
        entry = people.setdefault(
            job.person_id, {"name": job.person.display_name, "hours": Decimal("0")}
        )
        entry["hours"] += job.weekly_hours
        branches[job.person_id].add(job.branch_id)
    ids = list(people)
    levels: dict[int, dict[int, int]] = defaultdict(dict)
    for pk, competency, level in Rating.objects.filter(person_id__in=ids).values_list(
        "person_id", "competency_id", "level"
    ):
        levels[pk][competency] = level
    wanted: dict[int, set[int]] = defaultdict(set)
    for through in (Interest.learn.through, Interest.teach.through):
        for pk, competency in through.objects.filter(interest__person_id__in=ids).values_list(
            "interest__person_id", "competency_id"
        ):
            wanted[pk].add(competency)

    current: dict[int, int] = {}
    backups: set[tuple[int, int]] = set()
    hat_hours = {h.pk: float(h.weekly_hours) for h in hats}
    worn_load: dict[int, float] = defaultdict(float)
    for hat_id, _employment, person_id, role in assignments:
        if role == HatAssignment.Role.WEARER:
            current.setdefault(hat_id, person_id)
        else:
            backups.add((hat_id, person_id))
    for hat_id, person_id in current.items():
        if person_id in people:
            worn_load[person_id] += hat_hours[hat_id]

    share = scenario.hat_share / 100.0
    staff = [
        solver.Person(pk, max(float(people[pk]["hours"]) * share, worn_load[pk])) for pk in ids
    ]
    solver_hats = [solver.Hat(h.pk, float(h.weekly_hours), must=True) for h in hats]
    pairs = []
    for hat in hats:
        needs = requirements[hat.pk]
        needed = {c for c, _ in needs}
        for pk in ids:
            if hat.branch_id is not None and not branches[pk] & {hat.branch_id, None}:
                continue
            wears = current.get(hat.pk) == pk
            margins = [levels[pk].get(c, 0) - level for c, level in needs]
            margin = min(margins) if margins else 0
            if margin < 0 and not wears:
                continue
            pairs.append(
                solver.Pair(
                    hat.pk,
                    pk,
                    solver.fit_score(
                        max(margin, 0),
                        interested=bool(wanted[pk] & needed),
                        is_backup=(hat.pk, pk) in backups,
                        currently_wears=wears,
                    ),
                )
            )
    return {
        "staff": staff,
        "hats": solver_hats,
        "pairs": pairs,
        "current": current,
        "people": people,
        "hat_rows": hats,
        "requirements": requirements,
        "leaving": leaving,
    }


# --- the result -----------------------------------------------------------------------------


def _result(inputs: dict[str, Any], plan: solver.Plan, load_seconds: float) -> dict[str, Any]:
    hats = {h.pk: h for h in inputs["hat_rows"]}
    current: dict[int, int] = inputs["current"]
    people: dict[int, dict[str, Any]] = inputs["people"]
    capacity = {p.id: p.capacity for p in inputs["staff"]}
    needs: dict[int, list[tuple[int, int]]] = inputs["requirements"]
    competency_ids = {c for rows in needs.values() for c, _ in rows}
    names = dict(Competency.objects.filter(pk__in=competency_ids).values_list("pk", "name"))
    leaving_names = {e.person_id: e.person.display_name for e in inputs["leaving"]}

    def hat_ref(pk: Hashable) -> dict[str, Any]:
        hat = hats[pk]  # type: ignore[index]
        return {"id": hat.pk, "name": hat.name, "hours": float(hat.weekly_hours)}

    def name_of(pk: Hashable | None) -> str:
        if pk is None:
            return ""
        if pk in people:
            return str(people[pk]["name"])  # type: ignore[index]
        if pk in leaving_names:
            return leaving_names[pk]  # type: ignore[index]
        return Person.objects.get(pk=pk).display_name

    rows = []
    everyone = list(people) + [pk for pk in plan.before if pk not in people]
    for pk in everyone:
        before = [hat_ref(h) for h in sorted(plan.before.get(pk, ()), key=lambda h: hats[h].name)]
        after = [hat_ref(h) for h in sorted(plan.after.get(pk, ()), key=lambda h: hats[h].name)]
        rows.append(
            {
                "id": pk,
                "name": name_of(pk),
                "leaving": pk not in people,
                "capacity": round(capacity.get(pk, 0.0), 1),
                "before": before,
                "after": after,
                "load_before": round(sum(h["hours"] for h in before), 1),
                "load_after": round(sum(h["hours"] for h in after), 1),
                "changed": [h["id"] for h in before] != [h["id"] for h in after],
            }
        )
    rows.sort(key=lambda r: (not r["leaving"], not r["changed"], r["name"]))
    moves: list[dict[str, Any]] = [
        {
            "hat": hat_ref(hat),
            "from_id": before,
            "from_name": name_of(before),
            "to_id": after,
            "to_name": name_of(after),
        }
        for hat, before, after in plan.moves(current)
    ]
    unassigned = [
        {
            "hat": hat_ref(u.hat),
            "reason": u.reason,
            "reason_text": u.reason_text,
            "qualified": [name_of(pk) for pk in u.qualified],
            "competencies": [
                {"id": c, "name": names.get(c, str(c)), "level": level}
                for c, level in needs.get(u.hat, [])  # type: ignore[call-overload]
            ],
        }
        for u in plan.unassigned
    ]
    return {
        "people": rows,
        "moves": moves,
        "unassigned": unassigned,
        "objective": round(plan.objective, 3),
        "bound": round(plan.upper_bound, 3),
        "gap_percent": round(plan.gap_percent, 3),
        "proven": plan.proven,
        "method": plan.method,
        "hours_covered": round(plan.hours_covered, 1),
        "total_fit": round(plan.total_fit, 2),
        "times": {"load": round(load_seconds, 3), "solve": round(plan.seconds, 3)},
        "counts": {"staff": len(inputs["staff"]), "hats": len(inputs["hats"])},
    }


def scenario_run(scenario: SuccessionScenario, progress: Progress | None = None) -> None:
    """Solve the scenario and store its result (status done, or failed with the message)."""
    step = progress or Progress(None)
    SuccessionScenario.objects.filter(pk=scenario.pk).update(status=ST.RUNNING)
    started = time.perf_counter()
    step(0, 3, "Reading hats, ratings and hours")
    try:
        inputs = build_inputs(scenario)
        loaded = time.perf_counter() - started
        step(1, 3, f"Assigning {len(inputs['hats'])} hats among {len(inputs['staff'])} staff")
        plan = solver.solve(
            inputs["staff"], inputs["hats"], inputs["pairs"], current=inputs["current"]
        )
        step(2, 3, "Saving the plan")
        result = _result(inputs, plan, loaded)
    except ValueError as exc:
        SuccessionScenario.objects.filter(pk=scenario.pk).update(
            status=ST.FAILED, result={"error": str(exc)}
        )
        scenario.status, scenario.result = ST.FAILED, {"error": str(exc)}
        return
    SuccessionScenario.objects.filter(pk=scenario.pk).update(status=ST.DONE, result=result)
    scenario.status, scenario.result = ST.DONE, result
    step(3, 3, "Done")


@task(RUN_TASK)
def succession_run(*, progress: Progress, scenario_id: int) -> dict[str, Any]:
    scenario = SuccessionScenario.objects.get(pk=scenario_id)
    scenario_run(scenario, progress)
    return {"redirect": scenario.get_absolute_url(), "status": scenario.status}


# --- services -------------------------------------------------------------------------------


def scenario_create(
    *,
    by: Person,
    library: Library,
    kind: str,
    person: Person | None = None,
    employment: Employment | None = None,
    name: str = "",
    hat_share: int = 60,
) -> SuccessionScenario:
    """Create a scenario and run it (at once when small, else as a background job)."""
    require(can_plan_succession_at, access_for(by), library)
    errors: dict[str, str] = {}
    if kind not in K.values:
        errors["kind"] = "Choose: a person leaves, or a post is vacant."
    elif kind == K.PERSON_LEAVES:
        if person is None:
            errors["person"] = "Choose the person who would leave."
        elif not Employment.objects.current().filter(person=person, library=library).exists():
            errors["person"] = f"{person} does not work at {library}."
        employment = None
    else:
        if employment is None:
            errors["employment"] = "Choose the vacant post."
        elif employment.library_id != library.pk:
            errors["employment"] = f"That post is not at {library}."
        else:
            person = employment.person
    if not 1 <= int(hat_share or 0) <= 100:
        errors["hat_share"] = "A percentage from 1 to 100."
    if errors:
        raise ValidationError(errors)
    hat_count = Hat.objects.filter(library=library).count()
    if hat_count == 0:
        raise ValidationError(
            f"{library} has no hats to redistribute: record its duties on the hat board first."
        )
    if not name:
        who = person.display_name if person else "a vacant post"
        name = f"If {who} leaves" if kind == K.PERSON_LEAVES else f"{who}: post vacant"
    with transaction.atomic():
        scenario = SuccessionScenario.objects.create(
            library=library,
            name=name[:200],
            kind=kind,
            person=person,
            employment=employment,
            hat_share=int(hat_share),
            created_by=by,
        )
        log_action(actor=by, action="succession_scenario.created", obj=scenario, summary=name)
    if hat_count <= INLINE_HATS:
        scenario_run(scenario)
    else:
        job: Job | None = enqueue(RUN_TASK, owner=by, scenario_id=scenario.pk)
        SuccessionScenario.objects.filter(pk=scenario.pk).update(job=job)
        scenario.refresh_from_db()
    return scenario


def scenario_delete(*, by: Person, scenario: SuccessionScenario) -> None:
    require(can_change_scenario, access_for(by), scenario)
    with transaction.atomic():
        log_action(actor=by, action="succession_scenario.deleted", obj=scenario)
        scenario.delete()


def scenario_draft_opening(*, by: Person, scenario: SuccessionScenario) -> Opening:
    """A draft opening for the skill set the remaining staff lack: the competencies of the hats
    nobody can take, at the highest level any of them needs. Made once per scenario."""
    require(can_change_scenario, access_for(by), scenario)
    if scenario.status != ST.DONE:
        raise ValidationError("The scenario has not finished running.")
    existing = Opening.objects.filter(from_scenario=scenario).first()
    if existing is not None:
        return existing
    unassigned = scenario.result.get("unassigned", [])
    if not unassigned:
        raise ValidationError(
            "Every hat found a wearer: there is no missing skill set to advertise."
        )
    levels: dict[int, int] = {}
    for item in unassigned:
        for c in item["competencies"]:
            levels[c["id"]] = max(levels.get(c["id"], 0), int(c["level"]))
    competencies = Competency.objects.in_bulk(list(levels))
    leaving = _leaving_employments(scenario)
    post = max(leaving, key=lambda e: e.weekly_hours) if leaving else None
    hat_names = ", ".join(item["hat"]["name"] for item in unassigned)
    hours = sum(item["hat"]["hours"] for item in unassigned)
    if post is not None:
        job_class, weekly_hours = post.job_class, post.weekly_hours
        benefits = post.benefits_eligible
        branch = post.branch
    else:
        job_class = JobClass.objects.available_to_library(scenario.library_id).first()  # type: ignore[assignment]
        weekly_hours, benefits, branch = Decimal(str(max(min(hours, 60), 1))), False, None
    return opening_create(
        by=by,
        library=scenario.library,
        job_class=job_class,
        weekly_hours=weekly_hours,
        branch=branch,
        from_scenario=scenario,
        title=f"{job_class} — {hat_names}"[:200],
        description=(
            f"Drafted from the succession scenario “{scenario.name}”: the hats nobody on the "
            f"current staff can take ({hat_names}, {hours:g} hours a week) and the skills they "
            "need."
        ),
        benefits_eligible=benefits,
        reason=Opening.Reason.VACANCY,
        competencies=[
            (competencies[pk], OpeningCompetency.Kind.REQUIRED, level)
            for pk, level in sorted(levels.items())
            if pk in competencies and level > 0
        ],
    )
