"""Writing tens of thousands of generated rows quickly: executemany, no model instances.

bulk_create compiles every value of every row through the ORM (about 20 µs a value), which is
most of the statewide history's time. The generator knows its values' types, so it writes rows
straight to the table: ids assigned here (so rows can point at each other before they are
written), values adapted once per column type, then one executemany per batch. Only for
generated data inside the generator's transaction; PostgreSQL's id sequences are moved past the
ids used.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import Max
from django.utils import timezone

BATCH = 2000


class Rows:
    """Rows for one table: add() assigns the id and returns it; write() inserts them all."""

    def __init__(self, model: type[models.Model]) -> None:
        self.model = model
        self.fields = list(model._meta.concrete_fields)
        self.attnames = [f.attname for f in self.fields]
        self.adapters = [_adapter(f) for f in self.fields]
        now = timezone.now()
        self.defaults = {
            f.attname: now
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
            else f.get_default()
            for f in self.fields
        }
        pk = model._meta.pk
        assert pk is not None
        self.pk_name = pk.attname
        self.next_id = (model._base_manager.aggregate(top=Max("pk"))["top"] or 0) + 1
        self.rows: list[tuple[Any, ...]] = []

    def add(self, **values: Any) -> int:
        pk = self.next_id
        self.next_id += 1
        values[self.pk_name] = pk
        defaults = self.defaults
        self.rows.append(tuple(values.get(name, defaults[name]) for name in self.attnames))
        return pk

    def __len__(self) -> int:
        return len(self.rows)

    def write(self) -> int:
        if not self.rows:
            return 0
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column or f.attname) for f in self.fields)
        marks = ", ".join(["%s"] * len(self.fields))
        table = quote(self.model._meta.db_table)
        # Names from the model's own metadata, quoted; the values go as parameters.
        sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
        adapters = self.adapters
        with connection.cursor() as cursor:
            for start in range(0, len(self.rows), BATCH):
                batch = [
                    tuple(
                        value if adapt is None or value is None else adapt(value)
                        for adapt, value in zip(adapters, row, strict=True)
                    )
                    for row in self.rows[start : start + BATCH]
                ]
                cursor.executemany(sql, batch)
            if connection.vendor == "postgresql":
                for statement in connection.ops.sequence_reset_sql(no_style(), [self.model]):
                    cursor.execute(statement)
        written = len(self.rows)
        self.rows = []
        return written


def _adapter(field: models.Field[Any, Any]) -> Callable[[Any], Any] | None:
    ops = connection.ops
    kind = field.get_internal_type()
    # Generated rows share a few dates and moments: each is adapted once.
    if kind == "DateTimeField":
        return functools.lru_cache(maxsize=4096)(ops.adapt_datetimefield_value)
    if kind == "DateField":
        return functools.lru_cache(maxsize=4096)(ops.adapt_datefield_value)
    if kind == "DecimalField":
        digits, places = field.max_digits, field.decimal_places  # type: ignore[attr-defined]
        return lambda value: ops.adapt_decimalfield_value(value, digits, places)
    if kind == "UUIDField":
        return lambda value: field.get_db_prep_value(value, connection)
    return None
