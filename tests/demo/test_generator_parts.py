"""The generator's plain parts: survey values, names, regions and head counts."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from ladder.demo.names import email_local_part, synthetic_name
from ladder.demo.pls import coordinate, number, tidy_name
from ladder.demo.regions import kmeans, region_count
from ladder.demo.workforce import LibraryStaffer, OutletPlan, StaffFte, split_non_professional


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("12.5", 12.5), ("0", 0.0), ("-1", None), ("-3", None), ("-9", None), ("", None), ("x", None)],
)
def test_survey_numbers_read_negative_codes_as_unknown(raw, expected):
    assert number(raw) == expected


def test_longitudes_are_negative_values_not_missing_codes():
    assert coordinate("-83.823216", 180) == pytest.approx(-83.823216)
    assert coordinate("0", 180) is None
    assert coordinate("123", 90) is None


@pytest.mark.parametrize(
    ("raw", "tidy"),
    [
        (
            "CINCINNATI AND HAMILTON COUNTY,PL OF",
            "Public Library of Cincinnati and Hamilton County",
        ),
        ("ASHTABULA CNTY DISTRICT LIBRARY", "Ashtabula County District Library"),
        ("AKRON-SUMMIT COUNTY PUBLIC LIBRARY BS2", "Akron-Summit County Public Library BS2"),
        ("MCKINLEY MEM. LIBRARY", "McKinley Memorial Library"),
    ],
)
def test_survey_names_are_tidied(raw, tidy):
    assert tidy_name(raw) == tidy


def test_addresses_keep_their_abbreviations():
    assert tidy_name("12 OAK PL", expand=False) == "12 Oak Pl"


def test_names_are_deterministic_for_a_seed():
    first = [synthetic_name(random.Random("1:OH0001")) for _ in range(5)]
    again = [synthetic_name(random.Random("1:OH0001")) for _ in range(5)]

    assert first == again
    assert email_local_part("Ruth Ann", "O'Brien") == "ruthann.obrien"


def test_regions_are_a_handful_and_deterministic():
    rng = random.Random(1)
    points = [(rng.uniform(38.5, 42), rng.uniform(-84.8, -80.5)) for _ in range(251)]

    labels = kmeans(points, region_count(251), random.Random("r"))

    assert region_count(251) == 7 and region_count(21) == 2 and region_count(1) == 1
    assert labels == kmeans(points, 7, random.Random("r"))
    assert set(labels) == set(range(7))


def test_unknown_staff_figures_are_estimated_and_parts_never_exceed_the_whole():
    assert StaffFte.from_survey(None, None, None, 25_000).total == 10
    fte = StaffFte.from_survey(3.0, 5.0, 9.0, None)
    assert (fte.total, fte.librarians, fte.mls) == (3.0, 3.0, 3.0)


def test_non_professional_staff_are_mostly_part_time():
    heads = split_non_professional(500, random.Random(4))

    part_time = sum(hours < 35 for _, hours in heads) / len(heads)
    assert 0.55 <= part_time <= 0.7
    assert sum(hours for _, hours in heads) == pytest.approx(500 * 40, abs=4)
    assert all(hours < 35 for job, hours in heads if job == "page")


def test_an_unstaffed_system_still_gets_someone_in_charge():
    staff = LibraryStaffer(
        fte=StaffFte.from_survey(0.0, 0.0, 0.0, 300),
        outlets=[OutletPlan("central", 10.0)],
        rng=random.Random(1),
        anchor=dt.date(2025, 1, 1),
        domain="zz0001.pls.example",
    ).plan()

    assert [plan.job for plan in staff] == ["director"]
    assert staff[0].hours >= 4
