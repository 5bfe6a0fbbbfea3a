"""The sponsor's pages: create a tuition programme, edit its rules, set its budget per
fiscal year.

Who may: a library's admins create programmes their library sponsors (the site admin for
any library); only the sponsor library's admins (and the site admin) edit a programme or set
its budget. A programme one cannot see (`programmes_visible_to`) is a 404; one seen but not
sponsored (a participating library's admins and staff) is a 403.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet, Sum
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from ladder.core.access import Access, access_for, get_visible_or_404
from ladder.core.http import AuthedRequest
from ladder.core.policies import permission, require
from ladder.core.submission import saved
from ladder.orgs.forms import show_errors
from ladder.orgs.models import Library
from ladder.tuition import programmes as svc
from ladder.tuition.forms_programmes_admin import BudgetForm, ProgrammeForm
from ladder.tuition.models import ZERO, Claim, Programme
from ladder.tuition.policies import can_change_programme, can_create_programmes
from ladder.tuition.repayment import fiscal_year_label, fiscal_year_of

# Fiscal years offered on the budget form around the current one (plus any with figures).
YEARS_BACK, YEARS_AHEAD = 2, 3


def _sponsor_libraries(access: Access) -> QuerySet[Library]:
    libraries = Library.objects.order_by("name")
    if access.is_site_admin:
        return libraries
    return libraries.filter(pk__in=access.admin_library_ids)


def _sponsored_or_403(access: Access, pk: int) -> Programme:
    programme: Programme = get_visible_or_404(svc.programmes_visible_to(access), pk=pk)
    require(can_change_programme, access, programme)
    return programme


@permission(can_create_programmes)
@require_http_methods(["GET", "POST"])
def programme_new(request: AuthedRequest) -> HttpResponse:
    access = access_for(request.user)
    form = ProgrammeForm(request.POST or None, sponsors=_sponsor_libraries(access))
    programme: Programme | None = None

    def save() -> str:
        nonlocal programme
        programme = svc.programme_create(
            by=request.user, sponsor=form.cleaned_data["sponsor"], **form.service_kwargs()
        )
        return f"{programme.name} created. Set its budget next."

    if saved(request, form, save, show_errors=show_errors) and programme is not None:
        return redirect("tuition:programme_budget", pk=programme.pk)
    return render(request, "tuition/programme_form.html", {"form": form, "programme": None})


@permission(can_change_programme, scope=svc.programmes_visible_to)
@require_http_methods(["GET", "POST"])
def programme_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    access = access_for(request.user)
    programme = _sponsored_or_403(access, pk)
    form = ProgrammeForm(request.POST or None, sponsors=None, instance=programme)

    def save() -> str:
        svc.programme_update(by=request.user, programme=programme, **form.service_kwargs())
        return f"{programme.name} saved."

    if saved(request, form, save, show_errors=show_errors):
        return redirect(programme)
    return render(request, "tuition/programme_form.html", {"form": form, "programme": programme})


@dataclass(frozen=True)
class YearRow:
    year: int
    label: str
    budget: Decimal | None
    committed: Decimal
    current: bool

    @property
    def left(self) -> Decimal | None:
        return None if self.budget is None else self.budget - self.committed


def _money(amount: Decimal) -> str:
    return f"${amount:,.2f}"


@permission(can_change_programme, scope=svc.programmes_visible_to)
@require_http_methods(["GET", "POST"])
def programme_budget(request: AuthedRequest, pk: int) -> HttpResponse:
    access = access_for(request.user)
    programme = _sponsored_or_403(access, pk)
    start_month = programme.sponsor.fiscal_year_start_month
    current = fiscal_year_of(timezone.localdate(), start_month)
    budgets: dict[int, Decimal] = dict(programme.budgets.values_list("fiscal_year", "amount"))
    committed: dict[int, Decimal] = {
        row["fiscal_year"] or 0: row["total"] or ZERO
        for row in Claim.objects.filter(
            enrolment__programme=programme, status__in=Claim.COMMITTED, fiscal_year__isnull=False
        )
        .values("fiscal_year")
        .annotate(total=Sum("approved_amount"))
    }
    years = sorted(
        set(range(current - YEARS_BACK, current + YEARS_AHEAD + 1)) | set(budgets) | set(committed)
    )
    rows = [
        YearRow(
            year=year,
            label=fiscal_year_label(year, start_month),
            budget=budgets.get(year),
            committed=committed.get(year, ZERO),
            current=year == current,
        )
        for year in years
    ]
    choices = [(row.year, f"{row.label} (committed {_money(row.committed)})") for row in rows]
    fiscal_label = (
        f"Fiscal year of {programme.sponsor} (starts in {calendar.month_name[start_month]})"
    )
    try:
        asked = int(request.GET.get("year", current))
    except ValueError:
        asked = current
    selected = asked if asked in years else current
    initial = {"fiscal_year": selected, "amount": budgets.get(selected)}
    form = BudgetForm(
        request.POST or None, initial=initial, years=choices, fiscal_label=fiscal_label
    )

    def save() -> str:
        year, amount = form.cleaned_data["fiscal_year"], form.cleaned_data["amount"]
        svc.budget_set(by=request.user, programme=programme, fiscal_year=year, amount=amount)
        return f"{fiscal_year_label(year, start_month)} budget set to {_money(amount)}."

    if saved(request, form, save, show_errors=show_errors):
        return redirect(programme)
    if request.method == "POST":
        raw = form.data.get("fiscal_year", "")
        selected = int(raw) if raw.isdigit() and int(raw) in years else selected
    context = {
        "programme": programme,
        "form": form,
        "rows": rows,
        "selected_label": fiscal_year_label(selected, start_month),
        "selected_committed": committed.get(selected, ZERO),
    }
    return render(request, "tuition/budget_form.html", context)
