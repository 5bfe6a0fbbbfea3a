"""Turning a library system's survey staff figures into synthetic people (no database here).

The survey gives full-time equivalents (FTE, 40 hours a week): total paid staff (TOTSTAFF),
staff titled librarian (LIBRARIA) and librarians holding an ALA-accredited MLS (MASTER). They
become head counts the way libraries really staff: librarians mostly full-time; assistants,
technicians and pages mostly part-time (about 60% of non-professional heads), pages always.
Each library draws from its own random generator, so its people do not depend on which other
libraries are built or in what order.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, field

from ladder.demo.catalogue import (
    ASSOCIATE_FIELDS,
    BACHELOR_FIELDS,
    COLLEGES,
    COMMUNITY_COLLEGES,
    MLS_SCHOOLS,
)
from ladder.demo.names import email_local_part, synthetic_name
from ladder.people.models import EducationLevel

FTE_HOURS = 40.0
MIN_HOURS = 4.0  # less than this left over does not make another person
FULL_TIME_HOURS = (37.5, 40.0, 40.0)
LIBRARIAN_PART_TIME_HOURS = (20.0, 24.0, 25.0, 30.0)
ASSISTANT_PART_TIME_HOURS = (10.0, 12.0, 15.0, 16.0, 18.0, 20.0, 20.0, 24.0, 25.0)
PAGE_HOURS = (6.0, 8.0, 10.0, 12.0, 12.0, 15.0, 16.0)
MLS_PART_TIME_SHARE = 0.12
LIBRARIAN_I_PART_TIME_SHARE = 0.2
PAGE_SHARE = 0.38  # of non-professional heads; pages are always part-time
TECHNICIAN_SHARE = 0.2  # of non-professional heads who are not pages
ASSISTANT_FULL_TIME_SHARE = 0.6  # gives about 60% part-time among all non-professionals
TEAM_SIZE = 12  # a unit larger than this gets department heads between staff and manager
PROFESSIONAL_JOBS = {"librarian-i", "librarian-ii", "branch-manager", "director"}


@dataclass(frozen=True)
class StaffFte:
    total: float
    librarians: float
    mls: float

    @classmethod
    def from_survey(
        cls,
        total: float | None,
        librarians: float | None,
        mls: float | None,
        population: int | None,
    ) -> StaffFte:
        """Unknown figures (missing-data codes) are estimated; the parts never exceed the whole."""
        if total is None:
            # About one FTE per 2,500 people served is typical of the survey's small systems.
            total = min(500.0, max(1.0, (population or 5_000) / 2_500))
        if librarians is None:
            librarians = total * 0.3
        librarians = min(librarians, total)
        if mls is None:
            mls = librarians * 0.6
        return cls(total=total, librarians=librarians, mls=min(mls, librarians))


@dataclass(frozen=True)
class OutletPlan:
    kind: str  # a Branch.Kind value
    weekly_hours: float | None


@dataclass
class DegreePlan:
    level: int
    field: str
    institution: str
    awarded: dt.date | None
    started: dt.date | None = None
    accredited: bool = False


@dataclass
class JobPlan:
    job: str
    hours: float
    start: dt.date
    end: dt.date


@dataclass
class StaffPlan:
    first_name: str
    last_name: str
    email: str
    job: str
    hours: float
    branch: int  # index into the library's outlets
    start: dt.date
    supervisor: int | None = None  # index into the library's staff
    title: str = ""
    is_mentor: bool = False
    degrees: list[DegreePlan] = field(default_factory=list)
    certification: tuple[dt.date, dt.date] | None = None  # LSSC awarded, expires
    history: list[JobPlan] = field(default_factory=list)  # earlier jobs at the same library

    @property
    def is_professional(self) -> bool:
        return self.job in PROFESSIONAL_JOBS


def split_hours(
    fte: float, rng: random.Random, part_time_share: float, part_time: tuple[float, ...]
) -> list[float]:
    """Weekly hours of the heads that fill `fte`."""
    remaining = fte * FTE_HOURS
    heads: list[float] = []
    while remaining >= MIN_HOURS:
        hours = rng.choice(part_time if rng.random() < part_time_share else FULL_TIME_HOURS)
        hours = min(hours, round(remaining))
        heads.append(hours)
        remaining -= hours
    return heads


def split_non_professional(fte: float, rng: random.Random) -> list[tuple[str, float]]:
    remaining = fte * FTE_HOURS
    heads: list[tuple[str, float]] = []
    while remaining >= MIN_HOURS:
        if rng.random() < PAGE_SHARE:
            job, hours = "page", rng.choice(PAGE_HOURS)
        else:
            job = "library-technician" if rng.random() < TECHNICIAN_SHARE else "library-assistant"
            full_time = rng.random() < ASSISTANT_FULL_TIME_SHARE
            hours = rng.choice(FULL_TIME_HOURS if full_time else ASSISTANT_PART_TIME_HOURS)
        hours = min(hours, round(remaining))
        heads.append((job, hours))
        remaining -= hours
    return heads


def years_before(day: dt.date, years: float) -> dt.date:
    return day - dt.timedelta(days=round(years * 365.25))


class LibraryStaffer:
    """Plans one library system's staff: jobs, hours, branches, supervisors, history, degrees."""

    def __init__(
        self,
        *,
        fte: StaffFte,
        outlets: list[OutletPlan],
        rng: random.Random,
        anchor: dt.date,
        domain: str,
    ) -> None:
        self.fte = fte
        self.outlets = outlets
        self.rng = rng
        self.anchor = anchor
        self.domain = domain
        self.used_emails: set[str] = set()

    def plan(self) -> list[StaffPlan]:
        rng = self.rng
        mls = sorted(split_hours(self.fte.mls, rng, MLS_PART_TIME_SHARE, LIBRARIAN_PART_TIME_HOURS))
        non_mls = sorted(
            split_hours(
                self.fte.librarians - self.fte.mls,
                rng,
                LIBRARIAN_I_PART_TIME_SHARE,
                LIBRARIAN_PART_TIME_HOURS,
            )
        )
        others = split_non_professional(self.fte.total - self.fte.librarians, rng)
        if not (mls or non_mls or others):
            # Every system has someone in charge, even one the survey counts as unstaffed.
            others = [("library-assistant", max(MIN_HOURS, round(self.fte.total * FTE_HOURS)))]

        central = next((i for i, o in enumerate(self.outlets) if o.kind == "central"), 0)
        staff: list[StaffPlan] = []
        # The director: an MLS holder when there is one, else the most senior person there is.
        if mls:
            staff.append(self._person("director", mls.pop(), central, has_mls=True))
        elif non_mls:
            staff.append(self._person("director", non_mls.pop(), central, has_bachelor=True))
        else:
            longest = max(range(len(others)), key=lambda i: others[i][1])
            _, hours = others.pop(longest)
            staff.append(self._person("director", hours, central, has_bachelor=True))
        managers: dict[int, int] = {}
        for index, outlet in enumerate(self.outlets):
            if outlet.kind != "branch":
                continue
            if mls and mls[-1] >= FULL_TIME_HOURS[0]:
                plan = self._person("branch-manager", mls.pop(), index, has_mls=True)
            elif non_mls and non_mls[-1] >= FULL_TIME_HOURS[0]:
                plan = self._person("branch-manager", non_mls.pop(), index, has_bachelor=True)
            else:
                continue
            managers[index] = len(staff)
            staff.append(plan)
        weights = [self._weight(outlet) for outlet in self.outlets]
        branches = range(len(self.outlets))
        for hours in mls:
            branch = rng.choices(branches, weights)[0]
            staff.append(self._person("librarian-ii", hours, branch, has_mls=True))
        for hours in non_mls:
            branch = rng.choices(branches, weights)[0]
            staff.append(self._person("librarian-i", hours, branch, has_bachelor=True))
        for job, hours in others:
            branch = rng.choices(branches, weights)[0]
            staff.append(self._person(job, hours, branch))
        self._supervise(staff, managers)
        return staff

    def _weight(self, outlet: OutletPlan) -> float:
        hours = outlet.weekly_hours or 40.0
        if outlet.kind == "bookmobile":
            return hours * 0.2
        return hours * (1.5 if outlet.kind == "central" else 1.0)

    def _supervise(self, staff: list[StaffPlan], managers: dict[int, int]) -> None:
        """Director -> branch managers -> staff; big units get department heads in between."""
        director = 0
        for branch in range(len(self.outlets)):
            leader = managers.get(branch, director)
            if leader != director:
                staff[leader].supervisor = director
            members = [
                i
                for i, plan in enumerate(staff)
                if plan.branch == branch and i not in (director, leader)
            ]
            heads: list[int] = []
            if len(members) > TEAM_SIZE + 3:
                candidates = sorted(
                    (i for i in members if staff[i].job in ("librarian-ii", "librarian-i")),
                    key=lambda i: (staff[i].job != "librarian-ii", -staff[i].hours, i),
                )
                heads = candidates[: math.ceil(len(members) / TEAM_SIZE)]
            for head in heads:
                staff[head].supervisor = leader
                staff[head].title = "Department Head"
            rest = [i for i in members if i not in heads]
            for position, i in enumerate(rest):
                staff[i].supervisor = heads[position % len(heads)] if heads else leader

    # --- one person -------------------------------------------------------------------------

    def _person(
        self,
        job: str,
        hours: float,
        branch: int,
        *,
        has_mls: bool = False,
        has_bachelor: bool = False,
    ) -> StaffPlan:
        rng = self.rng
        first, last = synthetic_name(rng)
        tenure = {
            "director": (3, 25, 8),
            "branch-manager": (2, 20, 6),
            "librarian-ii": (0.2, 25, 5),
            "librarian-i": (0.2, 20, 4),
            "page": (0.1, 6, 1),
        }.get(job, (0.2, 20, 3))
        start = years_before(self.anchor, rng.triangular(*tenure))
        plan = StaffPlan(
            first_name=first,
            last_name=last,
            email=self._email(first, last),
            job=job,
            hours=hours,
            branch=branch,
            start=start,
        )
        if has_mls:
            self._mls_story(plan)
        elif has_bachelor:
            plan.degrees.append(self._bachelor(years_before(start, rng.uniform(0, 6))))
        elif job in ("library-assistant", "library-technician"):
            self._support_staff_story(plan)
        elif job == "page" and rng.random() < 0.3:
            plan.degrees.append(self._secondary(years_before(start, rng.uniform(0, 2))))
        if job in PROFESSIONAL_JOBS | {"library-technician"} and rng.random() < 0.04:
            plan.is_mentor = True
        return plan

    def _mls_story(self, plan: StaffPlan) -> None:
        """An MLS holder; some grew their own (assistant, then the MLS, then librarian)."""
        rng = self.rng
        grew = plan.job == "librarian-ii" and rng.random() < 0.12
        if grew:
            earlier_start = years_before(plan.start, rng.uniform(2, 8))
            plan.history.append(
                JobPlan(
                    "library-assistant",
                    40.0,
                    earlier_start,
                    plan.start - dt.timedelta(days=1),
                )
            )
            awarded = plan.start - dt.timedelta(days=rng.randint(20, 120))
        else:
            awarded = years_before(plan.start, rng.uniform(0, 4))
        if plan.job == "branch-manager" and rng.random() < 0.4:
            earlier_start = years_before(plan.start, rng.uniform(3, 10))
            awarded = years_before(earlier_start, rng.uniform(0, 2))
            plan.history.append(
                JobPlan("librarian-ii", 40.0, earlier_start, plan.start - dt.timedelta(days=1))
            )
        plan.degrees.append(self._bachelor(years_before(awarded, rng.uniform(2, 6))))
        plan.degrees.append(
            DegreePlan(
                level=EducationLevel.MLS,
                field="Library and Information Science",
                institution=rng.choice(MLS_SCHOOLS),
                awarded=awarded,
                started=years_before(awarded, rng.uniform(1.5, 3)),
                accredited=True,
            )
        )

    def _support_staff_story(self, plan: StaffPlan) -> None:
        rng = self.rng
        before_start = years_before(plan.start, rng.uniform(0, 4))
        draw = rng.random()
        if plan.job == "library-technician" and draw < 0.7:
            plan.degrees.append(
                DegreePlan(
                    EducationLevel.ASSOCIATE,
                    rng.choice(ASSOCIATE_FIELDS),
                    rng.choice(COMMUNITY_COLLEGES),
                    before_start,
                )
            )
        elif draw < 0.28:
            plan.degrees.append(self._bachelor(before_start))
        elif draw < 0.38:
            plan.degrees.append(
                DegreePlan(
                    EducationLevel.ASSOCIATE,
                    rng.choice(ASSOCIATE_FIELDS),
                    rng.choice(COMMUNITY_COLLEGES),
                    before_start,
                )
            )
        else:
            plan.degrees.append(self._secondary(years_before(before_start, rng.uniform(0, 10))))
        if plan.job == "library-assistant" and rng.random() < 0.04:
            # In library school now: the pipeline the grow-your-own programmes feed.
            plan.degrees.append(
                DegreePlan(
                    EducationLevel.MLS,
                    "Library and Information Science",
                    rng.choice(MLS_SCHOOLS),
                    awarded=None,
                    started=years_before(self.anchor, rng.uniform(0.2, 2.5)),
                    accredited=True,
                )
            )
        if plan.job == "library-assistant" and rng.random() < 0.12:
            page_start = years_before(plan.start, rng.uniform(1, 4))
            plan.history.append(
                JobPlan("page", rng.choice(PAGE_HOURS), page_start, plan.start - dt.timedelta(1))
            )
        if plan.start < years_before(self.anchor, 1) and rng.random() < 0.07:
            awarded = years_before(self.anchor, rng.uniform(0, 6))
            plan.certification = (max(awarded, plan.start), years_before(awarded, -4))

    def _bachelor(self, awarded: dt.date) -> DegreePlan:
        return DegreePlan(
            EducationLevel.BACHELOR,
            self.rng.choice(BACHELOR_FIELDS),
            self.rng.choice(COLLEGES),
            awarded,
        )

    def _secondary(self, awarded: dt.date) -> DegreePlan:
        return DegreePlan(EducationLevel.SECONDARY, "", "High school diploma", awarded)

    def _email(self, first: str, last: str) -> str:
        local = email_local_part(first, last)
        email, n = f"{local}@{self.domain}", 1
        while email in self.used_emails:
            n += 1
            email = f"{local}{n}@{self.domain}"
        self.used_emails.add(email)
        return email
