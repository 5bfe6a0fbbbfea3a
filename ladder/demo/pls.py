"""Reading the Public Libraries Survey extracts (see data/pls/README.md beside this file).

The libraries file (one row per library system) is UTF-8, the outlets file (central
libraries, branches, bookmobiles) is Windows-1252; they join on FSCSKEY. Negative numbers are
missing-data codes (-1, -3, -9) and read as None — except longitudes, which are negative in
the western hemisphere and are real values.
"""

from __future__ import annotations

import csv
import gzip
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

LIBRARIES_FILE = "pls_fy2014_libraries.csv"
OUTLETS_FILE = "pls_fy2018_outlets.csv"
# The two files ship with Ladder, gzipped (public IMLS data, copied unchanged; see README.md
# there); --pls-dir or LADDER_PLS_DIR may name another folder of .csv or .csv.gz files.
BUNDLED_DIR = Path(__file__).resolve().parent / "data" / "pls"


class PlsError(Exception):
    """The survey files are missing or hold nothing for the requested state."""


@dataclass(frozen=True)
class PlsLibrary:
    fscs_key: str
    name: str
    address: str
    city: str
    zip_code: str
    county: str
    latitude: float | None
    longitude: float | None
    population: int | None
    total_staff_fte: float | None
    librarian_fte: float | None
    mls_fte: float | None
    hours_open: float | None


@dataclass(frozen=True)
class PlsOutlet:
    fscs_key: str
    name: str
    kind: str  # CE central, BR branch, BS/BM bookmobile
    address: str
    city: str
    zip_code: str
    latitude: float | None
    longitude: float | None
    hours_per_year: float | None
    square_feet: int | None
    locale: str = ""  # NCES urban-centric locale code, "11".."43" ("" when not reported)


@dataclass
class PlsState:
    state: str
    libraries: list[PlsLibrary]
    outlets: dict[str, list[PlsOutlet]] = field(default_factory=dict)
    orphan_outlets: int = 0  # outlets whose library system is not in the libraries file


def number(raw: str | None) -> float | None:
    """A survey count or amount: blank, unreadable or negative (a missing-data code) is None."""
    try:
        value = float((raw or "").strip())
    except ValueError:
        return None
    return value if value >= 0 else None


def coordinate(raw: str | None, limit: float) -> float | None:
    """A latitude or longitude: negative is a real value here; 0 or out of range is unknown."""
    try:
        value = float((raw or "").strip())
    except ValueError:
        return None
    return value if value != 0 and -limit <= value <= limit else None


def _whole(raw: str | None) -> int | None:
    value = number(raw)
    return round(value) if value is not None else None


def read_state(pls_dir: Path, state: str) -> PlsState:
    state = state.upper()
    libraries_path, outlets_path = (
        survey_file(pls_dir, LIBRARIES_FILE),
        survey_file(pls_dir, OUTLETS_FILE),
    )
    for path in (libraries_path, outlets_path):
        if not path.is_file():
            raise PlsError(
                f"Public Libraries Survey file not found: {path}. "
                "Point --pls-dir at the folder holding "
                f"{LIBRARIES_FILE} and {OUTLETS_FILE}."
            )
    libraries = [
        PlsLibrary(
            fscs_key=row["FSCSKEY"].strip(),
            name=tidy_name(row["LIBNAME"]),
            address=tidy_name(row["ADDRESS"], expand=False),
            city=tidy_name(row["CITY"], expand=False),
            zip_code=row["ZIP"].strip()[:10],
            county=tidy_name(row["CNTY"], expand=False),
            latitude=coordinate(row["LATITUDE"], 90),
            longitude=coordinate(row["LONGITUD"], 180),
            population=_whole(row["POPU_LSA"]),
            total_staff_fte=number(row["TOTSTAFF"]),
            librarian_fte=number(row["LIBRARIA"]),
            mls_fte=number(row["MASTER"]),
            hours_open=number(row["HRS_OPEN"]),
        )
        for row in _rows(libraries_path, "utf-8")
        if row["STABR"].strip().upper() == state
    ]
    if not libraries:
        raise PlsError(f"No library systems for state {state!r} in {libraries_path}.")
    libraries.sort(key=lambda library: library.fscs_key)
    keys = {library.fscs_key for library in libraries}
    outlets: dict[str, list[PlsOutlet]] = defaultdict(list)
    orphans = 0
    for row in _rows(outlets_path, "cp1252"):
        if row["STABR"].strip().upper() != state:
            continue
        key = row["FSCSKEY"].strip()
        if key not in keys:
            orphans += 1
            continue
        outlets[key].append(
            PlsOutlet(
                fscs_key=key,
                name=tidy_name(row["LIBNAME"]),
                kind=row["C_OUT_TY"].strip().upper(),
                address=tidy_name(row["ADDRESS"], expand=False),
                city=tidy_name(row["CITY"], expand=False),
                zip_code=row["ZIP"].strip()[:10],
                latitude=coordinate(row["LATITUDE"], 90),
                longitude=coordinate(row["LONGITUD"], 180),
                hours_per_year=number(row["HOURS"]),
                square_feet=_whole(row["SQ_FEET"]),
                locale=locale_code(row.get("LOCALE")),
            )
        )
    return PlsState(state=state, libraries=libraries, outlets=dict(outlets), orphan_outlets=orphans)


LOCALE_CODES = frozenset(f"{group}{size}" for group in "1234" for size in "123")


def locale_code(raw: str | None) -> str:
    """The NCES urban-centric locale code ("11" city, large ... "43" rural, remote), or ""."""
    value = (raw or "").strip()
    return value if value in LOCALE_CODES else ""


def central_locale(outlets: list[PlsOutlet]) -> str:
    """A system's locale: its central outlet's (C_OUT_TY "CE"), else its first outlet's."""
    for outlet in outlets:
        if outlet.kind == "CE" and outlet.locale:
            return outlet.locale
    return next((outlet.locale for outlet in outlets if outlet.locale), "")


def survey_file(pls_dir: Path, name: str) -> Path:
    """The file `name` in pls_dir, or its gzipped copy when only that is there."""
    plain = Path(pls_dir) / name
    packed = plain.with_name(name + ".gz")
    return packed if not plain.is_file() and packed.is_file() else plain


def _rows(path: Path, encoding: str) -> list[dict[str, str]]:
    path = survey_file(path.parent, path.name)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding=encoding, newline="") as handle:
        return list(csv.DictReader(handle))


SMALL_WORDS = {"a", "an", "and", "at", "for", "in", "of", "on", "the", "to"}
ABBREVIATIONS = {
    "CNTY": "County",
    "CO": "County",
    "DIST": "District",
    "LIB": "Library",
    "MEM": "Memorial",
    "PL": "Public Library",
    "PUB": "Public",
    "TWP": "Township",
}
KEEP_UPPER = {"II", "III", "IV", "PO", "NE", "NW", "SE", "SW", "US"}


def tidy_name(raw: str, *, expand: bool = True) -> str:
    """Survey names are upper case: 'CINCINNATI AND HAMILTON COUNTY,PL OF' -> 'Public Library
    of Cincinnati and Hamilton County'; 'ASHTABULA CNTY DISTRICT LIBRARY' -> 'Ashtabula County
    District Library'. Addresses and cities pass expand=False ('OAK PL' is a place)."""
    text = " ".join(raw.split())
    inverted = re.match(r"^(.+?)\s*,\s*(.+\bOF)$", text, flags=re.IGNORECASE)
    if inverted and expand:
        text = f"{inverted.group(2)} {inverted.group(1)}"
    text = re.sub(r"\s*,\s*", ", ", text)
    words = []
    for position, word in enumerate(text.split(" ")):
        bare = word.rstrip(".,")
        tail = word[len(bare) :]
        upper = bare.upper()
        if expand and upper in ABBREVIATIONS and (tail or upper != "CO" or position > 0):
            words.append(ABBREVIATIONS[upper] + tail.replace(".", ""))
        elif upper in KEEP_UPPER or any(char.isdigit() for char in bare):
            words.append(upper + tail)
        elif position > 0 and bare.lower() in SMALL_WORDS:
            words.append(bare.lower() + tail)
        else:
            words.append(_capitalise(bare) + tail)
    return " ".join(words)


def _capitalise(word: str) -> str:
    # Hyphenated and apostrophe names: 'AKRON-SUMMIT' -> 'Akron-Summit', "O'KEEFE" -> "O'Keefe".
    parts = re.split(r"([-'/])", word.lower())
    return "".join(
        f"Mc{part[2:3].upper()}{part[3:]}"
        if part.startswith("mc") and len(part) > 3
        else part[:1].upper() + part[1:]
        for part in parts
    )
