"""The statewide generator: real survey files in, a deterministic synthetic workforce out."""

from __future__ import annotations

import csv
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from ladder.demo.pls import BUNDLED_DIR, survey_file
from ladder.demo.statewide import build_statewide, network_slug
from ladder.orgs.models import Branch, Library, Network, Region, Role
from ladder.people.models import Credential, Employment, Person

REAL_PLS = BUNDLED_DIR
needs_real_pls = pytest.mark.skipif(
    not survey_file(REAL_PLS, "pls_fy2014_libraries.csv").is_file(),
    reason="survey files not present",
)

LIBRARY_COLUMNS = [
    "STABR", "FSCSKEY", "LIBNAME", "ADDRESS", "CITY", "ZIP", "CNTY", "LONGITUD", "LATITUDE",
    "POPU_LSA", "MASTER", "LIBRARIA", "TOTSTAFF", "HRS_OPEN",
]  # fmt: skip
OUTLET_COLUMNS = [
    "STABR", "FSCSKEY", "LIBNAME", "ADDRESS", "CITY", "ZIP", "C_OUT_TY", "SQ_FEET", "HOURS",
    "LONGITUD", "LATITUDE",
]  # fmt: skip


def write_csv(path: Path, columns: list[str], rows: list[list[str]], encoding: str) -> None:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        writer.writerows(rows)


@pytest.fixture
def pls_dir(tmp_path: Path) -> Path:
    """A tiny state 'ZZ' whose two files disagree, as the real ones do."""
    write_csv(
        tmp_path / "pls_fy2014_libraries.csv",
        LIBRARY_COLUMNS,
        [
            # A system with a central library, a branch and a bookmobile.
            ["ZZ", "ZZ0001", "RIVERTON PUBLIC LIBRARY", "1 MAIN ST", "RIVERTON", "40001",
             "LAKE", "-83.000000", "40.000000", "52000", "4", "6", "20", "5000"],
            # No outlet in the outlets file: gets one central branch at this address.
            ["ZZ", "ZZ0002", "HILLSIDE CNTY DISTRICT LIBRARY", "9 HILL RD", "HILLSIDE", "40002",
             "HILL", "-82.500000", "40.500000", "8000", "1", "1", "3.5", "2600"],
            # Staff figures missing (-3, -1, -9): estimated, not read as negative people.
            ["ZZ", "ZZ0003", "MILLTOWN LIBRARY", "3 MILL ST", "MILLTOWN", "40003", "MILL",
             "-82.800000", "40.200000", "10000", "-9", "-1", "-3", "-1"],
            ["YY", "YY0001", "ELSEWHERE LIBRARY", "1 ST", "ELSEWHERE", "50001", "X",
             "-90.0", "35.0", "1000", "1", "1", "2", "1000"],
        ],
        "utf-8",
    )  # fmt: skip
    write_csv(
        tmp_path / "pls_fy2018_outlets.csv",
        OUTLET_COLUMNS,
        [
            ["ZZ", "ZZ0001", "RIVERTON PUBLIC LIBRARY", "1 MAIN ST", "RIVERTON", "40001", "CE",
             "30000", "3120", "-83.000000", "40.000000"],
            ["ZZ", "ZZ0001", "PEÑA BRANCH", "5 SOUTH ST", "RIVERTON", "40005", "BR", "-1",
             "-1", "-83.100000", "39.900000"],
            ["ZZ", "ZZ0001", "RIVERTON PUBLIC LIBRARY", "1 MAIN ST", "RIVERTON", "40001", "BS",
             "-3", "1040", "-83.000000", "40.000000"],
            ["ZZ", "ZZ0003", "MILLTOWN LIBRARY", "3 MILL ST", "MILLTOWN", "40003", "CE", "4000",
             "2080", "-82.800000", "40.200000"],
            # A system that is not in the libraries file: skipped and counted.
            ["ZZ", "ZZ0099", "NEWER LIBRARY", "7 NEW ST", "NEWTOWN", "40099", "CE", "1000",
             "2000", "-82.000000", "41.000000"],
        ],
        "cp1252",
    )  # fmt: skip
    return tmp_path


def build(pls_dir: Path, state: str = "ZZ", **options):
    return build_statewide(state=state, pls_dir=pls_dir, **options)


def snapshot(state: str) -> list[tuple]:
    """Everything a benchmark would notice, in a stable order."""
    return sorted(
        Employment.objects.filter(library__memberships__network__slug=network_slug(state))
        .values_list(
            "person__email", "person__first_name", "person__last_name", "library__fscs_key",
            "branch__name", "job_class__code", "weekly_hours", "start_date", "end_date",
            "supervisor__email",
        )
    )  # fmt: skip


def test_outlets_without_a_library_are_skipped_and_libraries_without_outlets_get_one(db, pls_dir):
    result = build(pls_dir)

    assert result.counts["outlets without a library (skipped)"] == 1
    assert result.counts["libraries without outlets (one central branch made)"] == 1
    assert not Branch.objects.filter(name__icontains="Newer").exists()
    hillside = Library.objects.get(fscs_key="ZZ0002")
    assert hillside.name == "Hillside County District Library"
    (central,) = hillside.branches.all()
    assert (central.kind, central.address, central.postal_code) == ("central", "9 Hill Rd", "40002")
    assert (float(central.latitude), float(central.longitude)) == (40.5, -82.5)
    assert central.weekly_hours == 50  # HRS_OPEN 2600 a year


def test_outlets_become_branches_of_their_kind_with_weekly_hours(db, pls_dir):
    build(pls_dir)

    branches = {
        b.name: b for b in Branch.objects.filter(library__fscs_key="ZZ0001").order_by("name")
    }
    assert sorted(b.kind for b in branches.values()) == ["bookmobile", "branch", "central"]
    central = branches["Riverton Public Library"]
    assert central.weekly_hours == 60 and central.square_feet == 30000
    # The outlets file is Windows-1252: the ñ survives.
    peña = branches["Peña Branch"]
    assert peña.weekly_hours is None and peña.square_feet is None  # -1: unknown
    assert "Riverton Public Library (Bookmobile)" in branches
    assert Library.objects.filter(state="ZZ").count() == 3  # YY's library is not built


def test_negative_staff_figures_are_treated_as_unknown(db, pls_dir):
    build(pls_dir)

    milltown = Library.objects.get(fscs_key="ZZ0003")
    staff = Employment.objects.filter(library=milltown, end_date__isnull=True)
    # Unknown TOTSTAFF is estimated from the population (10,000 -> 4 FTE), never negative.
    assert 3 <= staff.count() <= 12
    assert all(e.weekly_hours >= 4 for e in staff)
    assert milltown.population_served == 10000


def test_staff_follow_the_survey_fte_with_a_realistic_part_time_share(db, pls_dir):
    build(pls_dir)

    riverton = Employment.objects.current().with_full_time().filter(library__fscs_key="ZZ0001")
    hours = sum(e.weekly_hours for e in riverton)
    assert 19 * 40 <= hours <= 20 * 40  # TOTSTAFF 20 FTE
    mls_holders = riverton.filter(
        person__credentials__degree_level=50,
        person__credentials__accredited=True,
        person__credentials__status=Credential.Status.AWARDED,
    )
    assert 3 * 40 <= sum(e.weekly_hours for e in mls_holders) <= 4 * 40  # MASTER 4 FTE
    support = [e for e in riverton if not e.job_class.is_professional]
    assert sum(not e.full_time for e in support) / len(support) > 0.5


def test_every_library_has_a_director_who_administers_it_and_a_supervisor_chain(db, pls_dir):
    build(pls_dir)

    for library in Library.objects.filter(state="ZZ"):
        staff = Employment.objects.current().filter(library=library)
        director = staff.get(job_class__code="director")
        assert director.supervisor is None
        assert Role.objects.filter(person=director.person, library=library).exists()
        others = staff.exclude(pk=director.pk)
        assert not others.filter(supervisor__isnull=True).exists()
        assert set(others.values_list("supervisor__employments__library", flat=True)) == {
            library.pk
        }


def test_the_build_is_deterministic_for_a_seed(db, pls_dir):
    build(pls_dir, seed=7)
    first = snapshot("ZZ")

    build(pls_dir, seed=7, reset=True)

    assert snapshot("ZZ") == first
    build(pls_dir, seed=8, reset=True)
    assert snapshot("ZZ") != first


def test_a_second_build_leaves_the_network_alone_and_reset_rebuilds_without_duplicates(db, pls_dir):
    build(pls_dir)
    people = Person.objects.count()

    again = build(pls_dir)
    assert not again.built
    assert Person.objects.count() == people
    assert {role for role, _ in again.logins} >= {"network coordinator", "library admin"}

    rebuilt = build(pls_dir, reset=True)
    assert rebuilt.built
    assert Person.objects.count() == people
    assert Network.objects.filter(slug="pls-zz").count() == 1


def test_reset_never_deletes_people_who_are_not_synthetic(db, pls_dir):
    build(pls_dir)
    real = Person.objects.create_user(email="real.person@library.example")
    library = Library.objects.get(fscs_key="ZZ0001")
    from ladder.people.models import JobClass

    Employment.objects.create(
        person=real,
        library=library,
        job_class=JobClass.objects.get(network__slug="pls-zz", code="page"),
        weekly_hours=10,
        start_date="2020-01-01",
    )

    build(pls_dir, reset=True)

    assert Person.objects.filter(email="real.person@library.example").exists()


@needs_real_pls
def test_a_small_real_state_builds_deterministically_with_regions(db):
    # Delaware: 21 systems, 35 outlets.
    build(REAL_PLS, "DE", seed=3)
    first = snapshot("DE")

    build(REAL_PLS, "DE", seed=3, reset=True)

    assert snapshot("DE") == first
    network = Network.objects.get(slug="pls-de")
    assert network.name == "Delaware Public Library Network"
    assert Library.objects.filter(memberships__network=network).count() == 21
    assert Branch.objects.filter(library__state="DE").count() == 35
    regions = Region.objects.filter(network=network)
    assert regions.count() == 2
    assert all(r.libraries.exists() for r in regions)


@needs_real_pls
def test_the_command_builds_a_limited_state_and_prints_counts_and_logins(db):
    out = StringIO()

    call_command(
        "demo", "--scale", "state", "--state", "ri", "--limit", "5", "--no-serve", stdout=out
    )

    text = out.getvalue()
    assert "Built Rhode Island Public Library Network" in text
    assert "libraries: 5" in text
    assert "elapsed:" in text
    for role in ("site admin", "network coordinator", "library admin", "staff"):
        assert role in text


def test_the_command_names_a_missing_survey_folder(db, tmp_path):
    missing = tmp_path / "nowhere"

    with pytest.raises(CommandError, match=r"pls_fy2014_libraries\.csv"):
        call_command(
            "demo", "--scale", "state", "--state", "OH", "--pls-dir", str(missing), "--no-serve"
        )


def test_the_command_refuses_a_state_scale_without_a_state_code(db):
    with pytest.raises(CommandError, match="--state"):
        call_command("demo", "--scale", "state", "--no-serve")


def test_an_unknown_state_is_a_clear_error(db, pls_dir):
    with pytest.raises(CommandError, match="No library systems for state 'QQ'"):
        call_command(
            "demo", "--scale", "state", "--state", "QQ", "--pls-dir", str(pls_dir), "--no-serve"
        )
