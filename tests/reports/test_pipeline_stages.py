"""The stage rule (ladder.reports.pipeline.stage_of) and the history replayed through it."""

import datetime as dt
from decimal import Decimal

from ladder.people.models import EducationLevel
from ladder.reports import pipeline as p
from ladder.reports.periods import fiscal_year

D = dt.date


def job(start, end=None, kind=p.KIND_SUPPORT, hours="20"):
    return p.Job(start, end, kind, Decimal(hours))


def test_job_class_kind():
    kind = p.job_class_kind
    assert kind("Page", is_professional=False, is_management=False, min_education=0) == "page"
    assert kind("Library Page II", is_professional=False, is_management=False, min_education=0) == (
        "page"
    )
    assert kind("Webpage editor", is_professional=False, is_management=False, min_education=0) == (
        "support"
    )
    assert kind("Clerk", is_professional=False, is_management=False, min_education=10) == "support"
    assert kind("Librarian", is_professional=True, is_management=False, min_education=0) == (
        "professional"
    )
    assert kind("Director", is_professional=False, is_management=True, min_education=0) == (
        "professional"
    )
    assert kind(
        "Children's", is_professional=False, is_management=False, min_education=EducationLevel.MLS
    ) == ("professional")


def test_stage_rule():
    record = p.Record(1, 1, jobs=[job(D(2018, 1, 1), D(2019, 12, 31), p.KIND_PAGE)])
    assert p.stage_of(record, D(2017, 1, 1)) is None  # not yet on staff
    assert p.stage_of(record, D(2018, 6, 1)) == p.PAGE
    record.jobs.append(job(D(2020, 1, 1), D(2024, 6, 30)))
    assert p.stage_of(record, D(2020, 6, 1)) == p.ASSISTANT
    record.school.append((D(2021, 9, 1), D(2023, 5, 14)))
    assert p.stage_of(record, D(2022, 1, 1)) == p.SCHOOL
    record.degree_on = D(2023, 5, 15)
    assert p.stage_of(record, D(2023, 6, 1)) == p.DEGREE
    record.jobs.append(job(D(2024, 7, 1), kind=p.KIND_PROFESSIONAL, hours="40"))
    assert p.stage_of(record, D(2024, 7, 1)) == p.PROMOTED  # came up from inside


def test_professionals_hired_from_outside_are_not_in_the_funnel():
    outsider = p.Record(2, 1, jobs=[job(D(2020, 1, 1), kind=p.KIND_PROFESSIONAL)])
    assert p.stage_of(outsider, D(2024, 1, 1)) is None
    outsider.promoted_on = D(2023, 1, 1)  # an accepted promotion into the post counts
    assert p.stage_of(outsider, D(2024, 1, 1)) == p.PROMOTED


def test_the_most_senior_job_decides():
    both = p.Record(
        3, 1, jobs=[job(D(2020, 1, 1), kind=p.KIND_PAGE, hours="30"), job(D(2020, 1, 1))]
    )
    assert p.stage_of(both, D(2021, 1, 1)) == p.ASSISTANT


def test_history_moves_and_funnel():
    record = p.Record(
        7,
        1,
        jobs=[
            job(D(2018, 1, 1), D(2019, 12, 31), p.KIND_PAGE),
            job(D(2020, 1, 1), D(2024, 6, 30)),
            job(D(2024, 7, 1), kind=p.KIND_PROFESSIONAL),
        ],
        school=[(D(2021, 9, 1), D(2023, 5, 14))],
        degree_on=D(2023, 5, 15),
    )
    history = p.stage_history(record, D(2026, 1, 1))
    assert [stage for _, stage in history] == ["page", "assistant", "school", "degree", "promoted"]
    moves = p.moves(history, 7)
    assert [(m.into, m.months) for m in moves] == [
        ("assistant", 24),
        ("school", 20),
        ("degree", 20),
        ("promoted", 13),
    ]
    periods = [fiscal_year(2022, 7), fiscal_year(2023, 7), fiscal_year(2024, 7)]
    stuck = p.Record(8, 1, jobs=[job(D(2015, 1, 1))])
    funnel = p.funnels({(7, 1): record, (8, 1): stuck}, periods, D(2025, 1, 1))[1]
    assert funnel.now[p.PROMOTED] == {7}
    assert funnel.now[p.ASSISTANT] == {8}
    assert funnel.stuck[p.ASSISTANT] == {8}
    assert [m.person_id for m in funnel.moved[(p.DEGREE, 0)]] == [7]  # May 2023: FY 2022-23
    assert [m.person_id for m in funnel.moved[(p.PROMOTED, 2)]] == [7]
    assert funnel.median_months(p.PROMOTED, 2) == 13.0
    not_stuck = p.funnels({(8, 1): stuck}, periods, D(2025, 1, 1), stuck_years=20)[1]
    assert not_stuck.stuck[p.ASSISTANT] == set()
