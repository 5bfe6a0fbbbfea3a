"""Records that must not change: refused at the model layer, on every path, and audited.

A model opts in with `ProtectedRecord` (save/delete) and `ProtectedQuerySet` (bulk
update/delete), and names which rows are locked (`locked_q`) and which bookkeeping fields may
still change on a locked row (`LOCKED_MUTABLE_FIELDS`, e.g. a certificate's `revoked_at`).
Corrections are new rows that point at the old one; nothing here ever edits a locked row.

Every refusal writes an AuditEntry. A refusal raised inside `transaction.atomic()` is rolled
back with the block, so each layer the error crosses on its way out (a service wrapped in
`audits_refusals`, the admin, the API's error handler, the request middleware) calls
`ensure_audited`, which writes the entry again if the rollback took it.
"""

from __future__ import annotations

import contextvars
import functools
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, ClassVar, NoReturn, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.deletion import CASCADE, ProtectedError

from ladder.core.models import AuditEntry

# Who is acting, for refusals raised far from any `by` (model save, admin, bulk paths).
current_actor: contextvars.ContextVar[Any] = contextvars.ContextVar(
    "ladder_current_actor", default=None
)


@contextmanager
def acting_as(actor: Any) -> Iterator[None]:
    token = current_actor.set(actor)
    try:
        yield
    finally:
        current_actor.reset(token)


@dataclass
class Refusal:
    """What to write in the audit log about one refused attempt."""

    object_type: str
    object_ids: list[Any]
    action: str
    summary: str
    actor_id: int | None
    fields: list[str] = field(default_factory=list)
    entry_id: int | None = None


class ProtectedRecordError(PermissionDenied):
    """An attempt to change or delete a record that must not change."""

    def __init__(self, message: str, refusal: Refusal) -> None:
        super().__init__(message)
        self.refusal = refusal


def ensure_audited(exc: BaseException) -> None:
    """Write the refusal's audit entry unless it is already stored (idempotent)."""
    refusal: Refusal | None = getattr(exc, "refusal", None)
    if refusal is None:
        return
    if (
        refusal.entry_id is not None
        and AuditEntry.objects.filter(pk=refusal.entry_id, action=refusal.action).exists()
    ):
        return
    entry = AuditEntry.objects.create(
        actor_id=refusal.actor_id,
        action=refusal.action,
        object_type=refusal.object_type,
        object_id=str(refusal.object_ids[0]) if refusal.object_ids else "",
        summary=refusal.summary[:255],
        changes={"ids": [str(pk) for pk in refusal.object_ids], "fields": refusal.fields},
    )
    refusal.entry_id = entry.pk


def _actor_id(actor: Any) -> int | None:
    actor = actor if actor is not None else current_actor.get()
    pk = getattr(actor, "pk", None)
    return pk if getattr(actor, "is_authenticated", True) else None


def refuse(
    model: type[models.Model],
    pks: Iterable[Any],
    *,
    verb: str,
    fields: Iterable[str] = (),
    actor: Any = None,
    reason: str = "",
) -> NoReturn:
    """Audit the attempt, then raise ProtectedRecordError."""
    ids = list(pks)
    name = model._meta.verbose_name
    message = reason or (
        f"This {name} is {getattr(model, 'LOCKED_STATE', 'locked')} and cannot be "
        f"{'deleted' if verb == 'delete' else 'changed'}; record a correction instead."
    )
    changed = sorted(fields)
    refusal = Refusal(
        object_type=model._meta.label_lower,
        object_ids=ids,
        action=f"{model._meta.label_lower}.{verb}_refused",
        summary=f"Refused: {verb} of {name} #{', #'.join(str(i) for i in ids[:10])}"
        + (f" ({', '.join(changed)})" if changed else ""),
        actor_id=_actor_id(actor),
        fields=changed,
    )
    exc = ProtectedRecordError(message, refusal)
    ensure_audited(exc)
    raise exc


E = TypeVar("E", bound=BaseException)


def refusal(exc: E, *, obj: models.Model, by: Any, verb: str = "change") -> E:
    """Attach an audit record to a service's own refusal (a ValidationError, say).

    The service raises it inside its transaction; `audits_refusals` writes the entry once the
    transaction has rolled back.
    """
    exc.refusal = Refusal(  # type: ignore[attr-defined]
        object_type=obj._meta.label_lower,
        object_ids=[obj.pk],
        action=f"{obj._meta.label_lower}.{verb}_refused",
        summary=f"Refused: {verb} of {obj._meta.verbose_name} #{obj.pk}: {exc}"[:255],
        actor_id=_actor_id(by),
    )
    return exc


F = TypeVar("F", bound=Callable[..., Any])


def audits_refusals(param: str) -> Callable[[F], F]:
    """Service decorator: a refusal to act on a locked record (`kwargs[param]`) is audited,
    even when the service raised it inside a transaction that rolled back."""

    def decorate(func: F) -> F:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            by = kwargs.get("by")
            with acting_as(by if by is not None else current_actor.get()):
                try:
                    return func(*args, **kwargs)
                except (ValidationError, PermissionDenied) as exc:
                    obj = kwargs.get(param)
                    if (
                        getattr(exc, "refusal", None) is None
                        and isinstance(obj, ProtectedRecord)
                        and obj.is_locked
                    ):
                        refusal(exc, obj=obj, by=by)
                    ensure_audited(exc)
                    raise

        return wrapper  # type: ignore[return-value]

    return decorate


class ProtectedQuerySet(models.QuerySet[Any]):
    """Bulk update and delete refuse locked rows (they bypass the model's save/delete)."""

    def _locked_pks(self) -> list[Any]:
        return list(self.filter(self.model.locked_q()).values_list("pk", flat=True)[:100])

    def update(self, **kwargs: Any) -> int:
        touched = set(kwargs) - set(self.model.LOCKED_MUTABLE_FIELDS)
        if touched and (pks := self._locked_pks()):
            refuse(self.model, pks, verb="change", fields=touched)
        return super().update(**kwargs)

    def bulk_update(
        self, objs: Iterable[Any], fields: Iterable[str], batch_size: int | None = None
    ) -> int:
        # Checked before bulk_update opens its own transaction, so the refusal's entry stays.
        objs, fields = list(objs), list(fields)
        touched = set(fields) - set(self.model.LOCKED_MUTABLE_FIELDS)
        if touched:
            locked = self.filter(pk__in=[o.pk for o in objs])._locked_pks()
            if locked:
                refuse(self.model, locked, verb="change", fields=touched)
        return super().bulk_update(objs, fields, batch_size=batch_size)

    def delete(self) -> tuple[int, dict[str, int]]:
        if pks := self._locked_pks():
            refuse(self.model, pks, verb="delete")
        return super().delete()


class ProtectedRecord(models.Model):
    """A model whose locked rows refuse save() changes and delete()."""

    LOCKED_MUTABLE_FIELDS: ClassVar[frozenset[str]] = frozenset()
    LOCKED_STATE: ClassVar[str] = "locked"

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        stored = self._stored_if_locked()
        if stored is not None:
            mutable = _mutable_fields(self)
            changed = [
                f.name
                for f in self._meta.concrete_fields
                if f.attname not in mutable
                and getattr(self, f.attname) != getattr(stored, f.attname)
            ]
            if changed:
                refuse(type(self), [self.pk], verb="change", fields=changed)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if self._stored_if_locked() is not None:
            refuse(type(self), [self.pk], verb="delete")
        return super().delete(*args, **kwargs)

    @classmethod
    def locked_q(cls) -> Q:
        raise NotImplementedError

    @property
    def is_locked(self) -> bool:
        """Is the stored row locked? (What matters is the state already recorded.)"""
        return self._stored_if_locked() is not None

    def _stored_if_locked(self) -> models.Model | None:
        if self.pk is None or self._state.adding:
            return None
        return type(self)._base_manager.filter(self.locked_q(), pk=self.pk).first()


def _mutable_fields(obj: ProtectedRecord) -> set[str]:
    # auto_now stamps itself on every save; auto_now_add is a recorded fact like any other.
    auto = {f.attname for f in obj._meta.concrete_fields if getattr(f, "auto_now", False)}
    return set(obj.LOCKED_MUTABLE_FIELDS) | auto


def CASCADE_UNLESS_LOCKED(collector: Any, field: Any, sub_objs: Any, using: str) -> None:
    """on_delete for a protected record's owner: cascade, unless a related row is locked.

    Deleting a person or a library must not silently take signed evaluations, paid claims or
    issued certificates with it; Django reports the locked rows as protected instead.
    """
    model = field.model
    objs = list(sub_objs)
    locked_pks = set(
        model._base_manager.filter(model.locked_q(), pk__in=[o.pk for o in objs]).values_list(
            "pk", flat=True
        )
    )
    if locked_pks:
        locked = [o for o in objs if o.pk in locked_pks]
        raise ProtectedError(
            f"Cannot delete: {len(locked)} {model._meta.verbose_name_plural} must be kept "
            "(locked records).",
            set(locked),
        )
    CASCADE(collector, field, sub_objs, using)


class RefusalAuditMiddleware:
    """Names the signed-in user as the actor of model-level refusals, and makes sure a
    refusal that a transaction rolled back is still in the audit log."""

    def __init__(self, get_response: Callable[[Any], Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        user = getattr(request, "user", None)
        with acting_as(user if getattr(user, "is_authenticated", False) else None):
            response = self.get_response(request)
        return response

    def process_exception(self, request: Any, exception: Exception) -> None:
        ensure_audited(exception)
        return None
