"""Import and export a framework's competencies (and level scale) as CSV or XLSX.

The file has one row per competency: area_code, area_name, competency_code, competency_name,
and optionally description and external_tags ("scheme-slug:tag-code" separated by
semicolons). An XLSX may add a sheet named "levels" (value, name, description). Importing
goes into a chosen framework in two steps sharing one validation: `framework_import_preview`
reports every bad row (line, column, reason) and what would change; `framework_import_commit`
validates again inside the transaction that writes, so nothing is ever half-saved. Areas and
competencies are matched by code, which is why importing a file twice updates instead of
duplicating. An export can be edited and imported again.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Prefetch
from django.utils.text import slugify

from ladder.core import tabular
from ladder.core.audit import log_action
from ladder.core.tabular import TableFileError, cell_text
from ladder.people.models import Person
from ladder.skills.frameworks import MAX_LEVEL, require_framework_editor
from ladder.skills.models import Area, Competency, ExternalTag, Framework, Level

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_XLSX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_ROWS = 5_000
FORMATS = ("csv", "xlsx")
CONTENT_TYPES = tabular.CONTENT_TYPES

COMPETENCY_SHEET = "competencies"
LEVEL_SHEET = "levels"
REQUIRED_COLUMNS = ("area_code", "area_name", "competency_code", "competency_name")
OPTIONAL_COLUMNS = ("description", "external_tags")
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
LEVEL_COLUMNS = ("value", "name", "description")
MAX_DESCRIPTION = 5000

_CODE = re.compile(r"^[-a-zA-Z0-9_]+$")


# --- results and errors -------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    """One problem in one cell or row: 'line 7, competency_code: ...'."""

    line: int
    column: str
    message: str
    sheet: str = COMPETENCY_SHEET

    def __str__(self) -> str:
        where = f"{self.sheet} sheet, " if self.sheet != COMPETENCY_SHEET else ""
        return f"{where}line {self.line}, {self.column}: {self.message}"


# One error class for every import, so callers catch what the shared reader raises.
ImportFileError = TableFileError


class ImportRejected(ValidationError):
    """Some rows are bad; nothing was saved."""

    def __init__(self, row_errors: list[RowError]) -> None:
        lines = len({(e.sheet, e.line) for e in row_errors})
        super().__init__(
            f"{lines} row{'s' if lines != 1 else ''} with errors; nothing was saved.",
            code="import_rejected",
        )
        self.row_errors = row_errors


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, str]


@dataclass
class Sheet:
    columns: list[str]
    rows: list[Row]
    ignored_columns: list[str] = field(default_factory=list)


@dataclass
class Book:
    competencies: Sheet
    levels: Sheet | None = None


@dataclass
class ImportCounts:
    new_areas: int = 0
    updated_areas: int = 0
    new_competencies: int = 0
    updated_competencies: int = 0
    unchanged_competencies: int = 0
    new_levels: int = 0
    updated_levels: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


@dataclass
class FrameworkImportPreview:
    framework: Framework
    filename: str
    columns: list[str]
    ignored_columns: list[str]
    row_count: int
    level_row_count: int
    errors: list[RowError]
    counts: ImportCounts

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def bad_lines(self) -> int:
        return len({(e.sheet, e.line) for e in self.errors})


@dataclass
class FrameworkImportResult:
    framework: Framework
    counts: ImportCounts


# --- reading the file ---------------------------------------------------------------------


def check_upload_size(size: int) -> None:
    tabular.check_size(size, max_bytes=MAX_UPLOAD_BYTES)


def read_file(*, filename: str, data: bytes) -> Book:
    """The competency rows (and level rows, from an XLSX) of a file, or ImportFileError."""
    sheets = tabular.read_upload(
        filename=filename,
        data=data,
        max_bytes=MAX_UPLOAD_BYTES,
        max_rows=MAX_ROWS,
        max_unpacked_bytes=MAX_XLSX_UNPACKED_BYTES,
    )
    if "" in sheets:  # a CSV file
        return Book(competencies=_sheet(sheets[""], COLUMNS, REQUIRED_COLUMNS, "file"))
    # The sheet named "competencies", else the first; a sheet named "levels" is the scale.
    main_name = COMPETENCY_SHEET if COMPETENCY_SHEET in sheets else next(iter(sheets))
    book = Book(
        competencies=_sheet(sheets[main_name], COLUMNS, REQUIRED_COLUMNS, "competencies sheet")
    )
    levels = sheets.get(LEVEL_SHEET) if main_name != LEVEL_SHEET else None
    if levels is not None and any(any(cell_text(c) for c in cells) for _, cells in levels):
        book.levels = _sheet(levels, LEVEL_COLUMNS, ("value", "name"), "levels sheet")
    return book


def _column_key(header: Any) -> str:
    return re.sub(r"[\s\-]+", "_", cell_text(header).lower())


def _sheet(
    raw: Iterable[tuple[int, list[Any]]],
    columns: tuple[str, ...],
    required: tuple[str, ...],
    where: str,
) -> Sheet:
    header: tabular.Header | None = None
    rows: list[Row] = []
    for line, cells in raw:
        texts = [cell_text(c) for c in cells]
        if not any(texts):
            continue
        if header is None:
            header = tabular.read_header([_column_key(c) for c in cells], texts, columns)
            if header.duplicate is not None:
                raise ImportFileError(
                    f"The column '{header.duplicate}' appears twice in the {where}.",
                    code="columns",
                )
            missing = header.missing(required)
            if missing:
                raise ImportFileError(
                    f"The {where} lacks the column{'s' if len(missing) > 1 else ''} "
                    f"{', '.join(missing)}. Its first row must name at least: "
                    f"{', '.join(required)}.",
                    code="columns",
                )
            continue
        rows.append(Row(line=line, values=header.values(texts)))
        if len(rows) > MAX_ROWS:
            raise ImportFileError(
                f"The {where} has more than {MAX_ROWS:,} rows; split it.", code="too_many_rows"
            )
    if header is None or not rows:
        raise ImportFileError(f"The {where} has no rows to import.", code="empty")
    return Sheet(columns=list(header.positions), rows=rows, ignored_columns=header.ignored)


# --- checking rows against the framework --------------------------------------------------


@dataclass
class _AreaPlan:
    code: str
    name: str
    line: int
    existing: Area | None


@dataclass
class _CompetencyPlan:
    line: int
    area_code: str
    code: str
    name: str
    description: str | None
    tags: list[ExternalTag] | None
    existing: Competency | None = None


@dataclass
class _Plan:
    areas: dict[str, _AreaPlan] = field(default_factory=dict)
    competencies: list[_CompetencyPlan] = field(default_factory=list)
    levels: list[tuple[int, str, str]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    counts: ImportCounts = field(default_factory=ImportCounts)


class _Lookups:
    """What rows are checked against, loaded in a fixed number of queries."""

    def __init__(self, framework: Framework) -> None:
        self.areas = {a.code: a for a in Area.objects.filter(framework=framework)}
        self.area_codes_by_name = {a.name.lower(): a.code for a in self.areas.values()}
        tags = ExternalTag.objects.select_related("scheme")
        self.competencies = {
            c.code: c
            for c in Competency.objects.filter(framework=framework).prefetch_related(
                Prefetch("external_tags", queryset=tags)
            )
        }
        self.tags = {f"{t.scheme.slug}:{t.code}": t for t in tags}
        self.levels = {lvl.value: lvl for lvl in Level.objects.filter(framework=framework)}


def _code_problem(code: str, max_length: int) -> str | None:
    if not code:
        return "Missing code."
    if len(code) > max_length:
        return f"The code is longer than {max_length} characters."
    if not _CODE.match(code):
        suggestion = slugify(code)
        hint = f" (for example “{suggestion}”)" if suggestion else ""
        return f"“{code}” is not a code: use only letters, digits, hyphens and underscores{hint}."
    return None


def _parse_tags(raw: str, lookups: _Lookups) -> tuple[list[ExternalTag], list[str]]:
    tags: list[ExternalTag] = []
    problems: list[str] = []
    for part in raw.split(";"):
        key = part.strip().lower()
        if not key:
            continue
        if ":" not in key:
            problems.append(
                f"“{part.strip()}” is not a tag: write scheme-slug:tag-code, for example "
                "ala-apa-lssc:technology."
            )
            continue
        scheme, _, code = key.partition(":")
        tag = lookups.tags.get(f"{scheme.strip()}:{code.strip()}")
        if tag is None:
            problems.append(f"Unknown tag “{part.strip()}”: no external scheme has it.")
        elif tag not in tags:
            tags.append(tag)
    return tags, problems


def _check_area(row: Row, plan: _Plan, lookups: _Lookups) -> str | None:
    """The row's area code when its area cells are good; records errors otherwise."""
    code = row.values.get("area_code", "").lower()
    name = row.values.get("area_name", "")
    problem = _code_problem(code, 60)
    if problem:
        plan.errors.append(RowError(row.line, "area_code", problem))
        return None
    if len(name) > 200:
        plan.errors.append(
            RowError(row.line, "area_name", "The name is longer than 200 characters.")
        )
        return None
    seen = plan.areas.get(code)
    if seen is not None:
        if name and seen.name and name != seen.name:
            plan.errors.append(
                RowError(
                    row.line,
                    "area_name",
                    f"Area {code} is named “{seen.name}” on line {seen.line}, here “{name}”: "
                    "every row of one area must give the same name.",
                )
            )
            return None
        if name and not seen.name:
            seen.name = name
        return code
    existing = lookups.areas.get(code)
    if name:
        other = next((a for a in plan.areas.values() if a.name.lower() == name.lower()), None)
        if other is not None:
            plan.errors.append(
                RowError(
                    row.line,
                    "area_name",
                    f"The area name “{name}” is given to area {other.code} on line "
                    f"{other.line}, here to {code}: an area has one code.",
                )
            )
            return None
        owner = lookups.area_codes_by_name.get(name.lower())
        if owner is not None and owner != code:
            plan.errors.append(
                RowError(
                    row.line,
                    "area_code",
                    f"The framework's area “{name}” has the code {owner}, not {code}: use "
                    f"{owner}, or give area {code} another name.",
                )
            )
            return None
    elif existing is None:
        plan.errors.append(
            RowError(row.line, "area_name", f"Missing name: area {code} is new, so name it.")
        )
        return None
    plan.areas[code] = _AreaPlan(code=code, name=name, line=row.line, existing=existing)
    return code


def _check_competency(
    row: Row, area_code: str | None, plan: _Plan, lookups: _Lookups, seen: dict[str, int]
) -> None:
    line, values = row.line, row.values
    ok = area_code is not None
    code = values.get("competency_code", "").lower()
    problem = _code_problem(code, 80)
    if problem:
        plan.errors.append(RowError(line, "competency_code", problem))
        ok = False
    elif code in seen:
        plan.errors.append(
            RowError(
                line,
                "competency_code",
                f"Duplicate competency code {code}: line {seen[code]} has it too.",
            )
        )
        ok = False
    else:
        seen[code] = line
    name = values.get("competency_name", "")
    if not name:
        plan.errors.append(RowError(line, "competency_name", "Missing name."))
        ok = False
    elif len(name) > 200:
        plan.errors.append(
            RowError(line, "competency_name", "The name is longer than 200 characters.")
        )
        ok = False
    description = values.get("description") if "description" in values else None
    if description is not None and len(description) > MAX_DESCRIPTION:
        plan.errors.append(
            RowError(
                line, "description", f"The description is longer than {MAX_DESCRIPTION} characters."
            )
        )
        ok = False
    tags: list[ExternalTag] | None = None
    if "external_tags" in values:
        tags, problems = _parse_tags(values["external_tags"], lookups)
        for message in problems:
            plan.errors.append(RowError(line, "external_tags", message))
            ok = False
    if ok and area_code is not None:
        plan.competencies.append(
            _CompetencyPlan(
                line=line,
                area_code=area_code,
                code=code,
                name=name,
                description=description,
                tags=tags,
                existing=lookups.competencies.get(code),
            )
        )


def _check_levels(sheet: Sheet, plan: _Plan) -> None:
    seen: dict[int, int] = {}
    for row in sheet.rows:
        raw = row.values.get("value", "")
        ok = True
        value: int | None = None
        try:
            number = float(raw)
            value = int(number) if number.is_integer() else None
        except ValueError:
            value = None
        if value is None or not 0 <= value <= MAX_LEVEL:
            plan.errors.append(
                RowError(
                    row.line,
                    "value",
                    f"“{raw}” is not a level: use a whole number from 0 to {MAX_LEVEL}.",
                    LEVEL_SHEET,
                )
            )
            ok = False
        elif value in seen:
            plan.errors.append(
                RowError(
                    row.line,
                    "value",
                    f"Duplicate level {value}: line {seen[value]} has it too.",
                    LEVEL_SHEET,
                )
            )
            ok = False
        else:
            seen[value] = row.line
        name = row.values.get("name", "")
        if not name or len(name) > 60:
            message = "Missing name." if not name else "The name is longer than 60 characters."
            plan.errors.append(RowError(row.line, "name", message, LEVEL_SHEET))
            ok = False
        if ok and value is not None:
            plan.levels.append((value, name, row.values.get("description", "")))


def _tag_keys(tags: Iterable[ExternalTag]) -> set[int]:
    return {t.pk for t in tags}


def _count(plan: _Plan, lookups: _Lookups) -> None:
    counts = plan.counts
    for area in plan.areas.values():
        if area.existing is None:
            counts.new_areas += 1
        elif area.name and area.name != area.existing.name:
            counts.updated_areas += 1
    for item in plan.competencies:
        if item.existing is None:
            counts.new_competencies += 1
        elif _competency_changed(item, lookups):
            counts.updated_competencies += 1
        else:
            counts.unchanged_competencies += 1
    for value, name, description in plan.levels:
        level = lookups.levels.get(value)
        if level is None:
            counts.new_levels += 1
        elif (level.name, level.description) != (name, description):
            counts.updated_levels += 1


def _competency_changed(item: _CompetencyPlan, lookups: _Lookups) -> bool:
    existing = item.existing
    assert existing is not None
    area = lookups.areas.get(item.area_code)
    return (
        area is None
        or existing.area_id != area.pk
        or existing.name != item.name
        or (item.description is not None and existing.description != item.description)
        or (
            item.tags is not None
            and _tag_keys(item.tags) != _tag_keys(existing.external_tags.all())
        )
    )


def _plan(framework: Framework, book: Book) -> tuple[_Plan, _Lookups]:
    lookups = _Lookups(framework)
    plan = _Plan()
    seen: dict[str, int] = {}
    for row in book.competencies.rows:
        area_code = _check_area(row, plan, lookups)
        _check_competency(row, area_code, plan, lookups, seen)
    if book.levels is not None:
        _check_levels(book.levels, plan)
    plan.errors.sort(key=lambda e: (e.sheet != COMPETENCY_SHEET, e.line))
    _count(plan, lookups)
    return plan, lookups


# --- the two steps ------------------------------------------------------------------------


def framework_import_preview(
    *, by: Person, framework: Framework, filename: str, data: bytes
) -> FrameworkImportPreview:
    """What importing the file would do, and every row that is wrong. Saves nothing."""
    require_framework_editor(by, framework)
    book = read_file(filename=filename, data=data)
    plan, _ = _plan(framework, book)
    return FrameworkImportPreview(
        framework=framework,
        filename=filename,
        columns=book.competencies.columns,
        ignored_columns=book.competencies.ignored_columns,
        row_count=len(book.competencies.rows),
        level_row_count=len(book.levels.rows) if book.levels else 0,
        errors=plan.errors,
        counts=plan.counts,
    )


def framework_import_commit(
    *, by: Person, framework: Framework, filename: str, data: bytes
) -> FrameworkImportResult:
    """Import every row or none (ImportRejected lists the bad rows)."""
    require_framework_editor(by, framework)
    book = read_file(filename=filename, data=data)
    with transaction.atomic():
        # One import of a framework at a time, so the checks below still hold when writing.
        Framework.objects.select_for_update().filter(pk=framework.pk).first()
        plan, lookups = _plan(framework, book)
        if plan.errors:
            raise ImportRejected(plan.errors)
        changes = _write(framework, plan, lookups)
        log_action(
            actor=by,
            action="skills.framework.imported",
            obj=framework,
            summary=f"Imported {filename} into {framework.name}",
            changes={**changes, "counts": [None, plan.counts.as_dict()]},
        )
    return FrameworkImportResult(framework=framework, counts=plan.counts)


def _write(framework: Framework, plan: _Plan, lookups: _Lookups) -> dict[str, Any]:
    for value, name, description in plan.levels:
        level = lookups.levels.get(value)
        if level is None:
            Level.objects.create(
                framework=framework, value=value, name=name, description=description
            )
        elif (level.name, level.description) != (name, description):
            level.name, level.description = name, description
            level.save(update_fields=["name", "description"])
    areas = dict(lookups.areas)
    highest = Area.objects.filter(framework=framework).aggregate(m=Max("position"))["m"]
    next_area = 0 if highest is None else highest + 1
    new_areas, renamed = [], []
    for area_plan in plan.areas.values():
        area = area_plan.existing
        if area is None:
            area = Area.objects.create(
                framework=framework, code=area_plan.code, name=area_plan.name, position=next_area
            )
            next_area += 1
            new_areas.append(area.code)
        elif area_plan.name and area_plan.name != area.name:
            area.name = area_plan.name
            area.save(update_fields=["name"])
            renamed.append(area.code)
        areas[area.code] = area
    next_position: dict[int, int] = {
        row["area"]: row["m"] + 1
        for row in Competency.objects.filter(framework=framework)
        .order_by()
        .values("area")
        .annotate(m=Max("position"))
    }
    created: list[Competency] = []
    updated: list[Competency] = []
    tag_sets: dict[str, list[ExternalTag]] = {}
    for item in plan.competencies:
        area = areas[item.area_code]
        if item.existing is None:
            position = next_position.get(area.pk, 0)
            next_position[area.pk] = position + 1
            created.append(
                Competency(
                    framework=framework,
                    area=area,
                    code=item.code,
                    name=item.name,
                    description=item.description or "",
                    position=position,
                )
            )
            if item.tags:
                tag_sets[item.code] = item.tags
            continue
        competency = item.existing
        if not _competency_changed(item, lookups):
            continue
        competency.area = area
        competency.name = item.name
        if item.description is not None:
            competency.description = item.description
        updated.append(competency)
        if item.tags is not None and _tag_keys(item.tags) != _tag_keys(
            competency.external_tags.all()
        ):
            tag_sets[item.code] = item.tags
    Competency.objects.bulk_create(created)
    Competency.objects.bulk_update(updated, ["area", "name", "description"])
    if tag_sets:
        ids = dict(
            Competency.objects.filter(framework=framework, code__in=tag_sets).values_list(
                "code", "pk"
            )
        )
        through = Competency.external_tags.through
        through.objects.filter(competency_id__in=ids.values()).delete()
        through.objects.bulk_create(
            through(competency_id=ids[code], externaltag_id=tag.pk)
            for code, tags in tag_sets.items()
            for tag in tags
        )
    return {
        "areas_added": [[], new_areas],
        "areas_renamed": [[], renamed],
        "competencies_added": [[], [c.code for c in created]],
        "competencies_updated": [[], [c.code for c in updated]],
        "levels": [[], [f"{v} {n}" for v, n, _ in plan.levels]],
    }


# --- export -------------------------------------------------------------------------------


def export_rows(framework: Framework) -> list[list[str]]:
    """The competencies in framework order as the import's columns (header first)."""
    tags = ExternalTag.objects.select_related("scheme")
    competencies = Competency.objects.prefetch_related(
        Prefetch("external_tags", queryset=tags)
    ).order_by("position", "name", "pk")
    areas = Area.objects.filter(framework=framework).prefetch_related(
        Prefetch("competencies", queryset=competencies)
    )
    rows = [list(COLUMNS)]
    for area in areas.order_by("position", "name", "pk"):
        for competency in area.competencies.all():
            codes = sorted(f"{t.scheme.slug}:{t.code}" for t in competency.external_tags.all())
            rows.append(
                [
                    area.code,
                    area.name,
                    competency.code,
                    competency.name,
                    competency.description,
                    "; ".join(codes),
                ]
            )
    return rows


def export_level_rows(framework: Framework) -> list[list[Any]]:
    rows: list[list[Any]] = [list(LEVEL_COLUMNS)]
    for level in Level.objects.filter(framework=framework).order_by("value"):
        rows.append([level.value, level.name, level.description])
    return rows


def export_filename(framework: Framework, fmt: str) -> str:
    return f"{framework.slug}-competencies.{fmt}"


def framework_export(framework: Framework, fmt: str) -> bytes:
    """The framework's competencies as CSV, or competencies and levels as an XLSX workbook."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    rows = export_rows(framework)
    if fmt == "csv":
        text = io.StringIO()
        tabular.write_csv(rows, text)
        return text.getvalue().encode("utf-8")
    out = io.BytesIO()
    tabular.write_xlsx({COMPETENCY_SHEET: rows, LEVEL_SHEET: export_level_rows(framework)}, out)
    return out.getvalue()
