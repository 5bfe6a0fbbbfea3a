"""Recommended sessions (issue #5, 3): the cheapest set of upcoming sessions that closes a
person's competency gaps for a target job class.

Each candidate session (see ladder.careers.gaps.upcoming_sessions) covers the gaps whose
competency its offering addresses at the needed level or above. Its cost, in dollars:

    SESSION_COST                  a fixed cost per session (a day out of the schedule)
  + HOUR_COST * hours             the time spent (its CE hours, or its length)
  + fee                           when the attendee pays,
    SPONSORED_FEE_SHARE * fee     when the library or the network pays (still a cost to them)
  + KM_COST * 2 * distance        the round trip from the person's branch (online: 0 km)

Sessions whose venue has no coordinates are charged UNKNOWN_DISTANCE_KM. A session the person
already holds a place in (confirmed, awaiting approval or offered) costs nothing more: the
solver takes it first and the reason says so. The weighted set
cover is solved exactly (ladder.optimize.setcover, scipy's milp); gaps no session covers are
listed, and each chosen session says why it was chosen.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ladder.careers.eligibility import Gap, gaps, person_facts, requirements_for
from ladder.careers.gaps import SessionOption, needed_levels, upcoming_sessions
from ladder.learning.models import Offering, Registration
from ladder.optimize import setcover
from ladder.people.models import JobClass

SESSION_COST = 20.0
HOUR_COST = 15.0  # roughly a library assistant's hourly wage
SPONSORED_FEE_SHARE = 0.25
KM_COST = 0.35  # per km driven (IRS-like mileage rate, rounded)
UNKNOWN_DISTANCE_KM = 50.0


@dataclass
class Choice:
    session: SessionOption
    cost: float
    covers: list[Gap]
    reason: str
    registered: bool = False


@dataclass
class Recommendation:
    person_id: int
    job_class_id: int
    job_class_name: str
    chosen: list[Choice] = field(default_factory=list)
    uncovered: list[Gap] = field(default_factory=list)
    other_gaps: list[Gap] = field(default_factory=list)  # education, certification, experience
    total_cost: float = 0.0
    total_hours: Decimal = Decimal("0")
    optimal: bool = True
    candidates: int = 0


def session_cost(option: SessionOption) -> float:
    fee = float(option.fee)
    if option.paid_by != Offering.PaidBy.ATTENDEE:
        fee *= SPONSORED_FEE_SHARE
    km = UNKNOWN_DISTANCE_KM if option.distance_km is None else option.distance_km
    return SESSION_COST + HOUR_COST * float(option.hours) + fee + KM_COST * 2 * km


def _reason(option: SessionOption, covers: list[Gap]) -> str:
    parts = []
    for gap in covers:
        d = gap.details
        parts.append(f"{d['name']} (level {d['current_level']} → {d['required_level']})")
    covered = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    if option.fee == 0:
        price = "free"
    elif option.paid_by != Offering.PaidBy.ATTENDEE:
        price = f"${option.fee:.0f}, paid by the {option.paid_by}"
    else:
        price = f"${option.fee:.0f}"
    if option.online:
        where = "online"
    elif option.distance_km is None:
        where = f"at {option.place}" if option.place else "venue distance unknown"
    else:
        where = f"{option.distance_km:.0f} km away"
    return f"covers {covered}; {price}; {where}; {option.hours:.1f} hours"


def recommend(person: Any, job_class: JobClass, on: dt.date | None = None) -> Recommendation:
    """The cheapest set of upcoming sessions closing the person's competency gaps for the job
    class, with a reason for each, and the gaps no session covers."""
    facts = person_facts([person.pk], on)[person.pk]
    found = gaps(facts, requirements_for([job_class.pk])[job_class.pk])
    competency_gaps = [g for g in found if g.competency_id is not None]
    result = Recommendation(
        person_id=person.pk,
        job_class_id=job_class.pk,
        job_class_name=job_class.name,
        other_gaps=[g for g in found if g.competency_id is None],
    )
    if not competency_gaps:
        return result
    options = upcoming_sessions(facts, needed_levels(competency_gaps))
    # One candidate per offering and covered set would do, but sessions of one offering differ
    # in distance and date; the solver picks the cheapest of them.
    index = {g.competency_id: i for i, g in enumerate(competency_gaps)}
    sets = [[index[c] for c in option.competencies if c in index] for option in options]
    registered = set(
        Registration.objects.filter(
            person_id=person.pk,
            session_id__in=[option.session_id for option in options],
            status__in=(
                Registration.Status.REQUESTED,
                Registration.Status.CONFIRMED,
                Registration.Status.OFFERED,
            ),
        ).values_list("session_id", flat=True)
    )
    costs = [0.0 if option.session_id in registered else session_cost(option) for option in options]
    cover = setcover.solve(len(competency_gaps), sets, costs)
    result.candidates = len(options)
    result.optimal = cover.optimal
    result.uncovered = [competency_gaps[i] for i in cover.uncovered]
    remaining = set(range(len(competency_gaps)))
    chosen = sorted(cover.chosen, key=lambda i: options[i].starts_at)
    for i in chosen:
        covers = [competency_gaps[e] for e in sets[i]]
        remaining -= set(sets[i])
        held = options[i].session_id in registered
        reason = _reason(options[i], covers)
        result.chosen.append(
            Choice(
                session=options[i],
                cost=round(costs[i], 2),
                covers=covers,
                reason=f"already registered; {reason}" if held else reason,
                registered=held,
            )
        )
        result.total_hours += options[i].hours
    result.total_cost = round(sum(costs[i] for i in chosen), 2)
    return result
