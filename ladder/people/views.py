"""Staff pages: the directory, profiles and what admins and the person edit on them.

Lookups go through the scoped querysets, so what a user may not see is a 404; what they
may see but not change is a 403 (PermissionDenied), from the view or from the service.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ladder.core.access import Access, access_for, get_visible_or_404
from ladder.core.files import serve_stored
from ladder.core.http import AuthedRequest
from ladder.core.paging import paginate
from ladder.core.policies import allowed, library_admin, permission, require, signed_in
from ladder.core.throttle import person_key, throttle
from ladder.orgs.models import Library
from ladder.people import services, tokens
from ladder.people.forms import (
    ApiTokenForm,
    CredentialForm,
    DirectoryFilterForm,
    EmploymentEndForm,
    EmploymentForm,
    EvidenceForm,
    ExperienceForm,
    LibraryChoiceForm,
    ModelFieldsForm,
    ProfileForm,
    StaffPersonForm,
    apply_errors,
)
from ladder.people.models import ApiToken, Employment, Person
from ladder.people.policies import can_edit_employment, can_edit_person, can_revoke_token
from ladder.people.selectors import (
    credentials_visible_to,
    directory_people,
    employments_visible_to,
    evidence_files_visible_to,
    experience_visible_to,
    people_managed_by,
    people_visible_to,
    profile_for,
)
from ladder.skills.selectors import skill_summary

DIRECTORY_FILTERS = ["q", "library", "branch", "region", "job_class", "schedule"]


def _export_links(request: AuthedRequest) -> list[dict[str, str]]:
    """CSV/XLSX links keeping the filters, once the export page exists."""
    try:
        base = reverse("people:directory_export")
    except NoReverseMatch:
        return []
    params = request.GET.copy()
    params.pop("page", None)
    links = []
    for fmt, label in (("csv", "CSV"), ("xlsx", "Excel (XLSX)")):
        params["format"] = fmt
        links.append({"url": f"{base}?{params.urlencode()}", "label": label})
    return links


@permission(signed_in)
def me(request: AuthedRequest) -> HttpResponse:
    return redirect("people:profile", pk=request.user.pk)


@permission(signed_in, scope=people_visible_to)
def directory(request: AuthedRequest) -> HttpResponse:
    access = access_for(request.user)
    form = DirectoryFilterForm(request.GET, access=access)
    form.is_valid()  # an unknown choice drops that one filter and says so on the field
    filters = {k: v for k, v in form.cleaned_data.items() if k in DIRECTORY_FILTERS and v}
    people = directory_people(access, **filters)
    context = {
        "form": form,
        "export_links": _export_links(request),
        "can_add_staff": allowed(library_admin, access),
        "is_filtered": bool(filters),
        **paginate(request, people),
    }
    # HTMX swaps just the results when a filter changes; without JavaScript the form submits.
    is_htmx = request.headers.get("HX-Request") == "true"
    template = "people/_directory_results.html" if is_htmx else "people/directory.html"
    return render(request, template, context)


# --- profile -------------------------------------------------------------------------------


def _visible_person(access: Access, pk: int) -> Person:
    person: Person = get_visible_or_404(people_visible_to(access), pk=pk)
    return person


def _managed_person(access: Access, pk: int) -> Person:
    person: Person = get_visible_or_404(people_managed_by(access), pk=pk)
    return person


@permission(signed_in, scope=people_visible_to)
def profile(request: AuthedRequest, pk: int) -> HttpResponse:
    access = access_for(request.user)
    person = _visible_person(access, pk)
    context = profile_for(access, person)
    context["is_editable"] = allowed(can_edit_person, access, person)
    context["can_add_employment"] = allowed(library_admin, access)
    if context["is_managed"]:
        context["skill_summary"] = skill_summary(access, person)
        # The history of the jobs whose details the viewer may see (hours, supervisor, dates).
        context["employment_history"] = [
            job for job in context["employments"] if getattr(job, "show_private", False)
        ]
    if context["is_self"]:
        context["api_tokens"] = list(
            ApiToken.objects.filter(person=person, revoked_at__isnull=True).order_by("-created_at")
        )
        context["token_form"] = ApiTokenForm()
    return render(request, "people/profile.html", context)


@permission(can_edit_person, scope=people_visible_to)
def profile_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    access = access_for(request.user)
    person = _visible_person(access, pk)
    require(can_edit_person, access, person)
    with_email = access.is_site_admin or access.person_id != person.pk
    form = ProfileForm(request.POST or None, instance=person, with_email=with_email)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(by=request.user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Profile saved.")
            return redirect(person)
    return render(request, "people/profile_form.html", {"form": form, "person": person})


# --- staff and employments (library admins) ------------------------------------------------


def _admin_libraries(access: Access) -> QuerySet[Library]:
    """The libraries the user manages staff for (pages using it carry ``library_admin``)."""
    if access.is_site_admin:
        return Library.objects.all()
    return Library.objects.filter(pk__in=access.admin_library_ids)


def _chosen_library(request: AuthedRequest, libraries: QuerySet[Library]) -> Library | None:
    """The library from ?library=, or the admin's only library; None means ask first."""
    raw = request.GET.get("library")
    if raw:
        if not str(raw).isdigit():
            raise Http404("No such library")
        library: Library = get_visible_or_404(libraries, pk=int(raw))
        return library
    only = list(libraries[:2])
    return only[0] if len(only) == 1 else None


def _route_errors(error: ValidationError, *forms: Any) -> None:
    """Put each field's message on whichever of the forms has that field."""
    if not hasattr(error, "error_dict"):
        forms[-1].add_error(None, error.messages)
        return
    for name, msgs in error.message_dict.items():
        target = next((f for f in forms if name in f.fields), None)
        if target is not None:
            target.add_error(name, msgs)
        else:
            forms[-1].add_error(None, msgs)


@permission(library_admin)
def staff_add(request: AuthedRequest) -> HttpResponse:
    access = access_for(request.user)
    libraries = _admin_libraries(access)
    library = _chosen_library(request, libraries)
    if library is None:
        return render(
            request,
            "people/library_choose.html",
            {"form": LibraryChoiceForm(libraries=libraries), "title": "Add staff"},
        )
    data = request.POST or None
    person_form = StaffPersonForm(data, prefix="person")
    job_form = EmploymentForm(data, prefix="job", library=library, with_end_date=False)
    if request.method == "POST" and person_form.is_valid() and job_form.is_valid():
        try:
            employment = services.staff_create(
                by=request.user,
                person_fields=person_form.cleaned_data,
                employment_fields={"library": library, **job_form.cleaned_data},
            )
        except ValidationError as exc:
            _route_errors(exc, person_form, job_form)
        else:
            messages.success(
                request,
                f"{employment.person.display_name} was added. They set a password with "
                "'Forgot your password?' on the sign-in page.",
            )
            return redirect(employment.person)
    return render(
        request,
        "people/staff_add.html",
        {"person_form": person_form, "job_form": job_form, "library": library},
    )


@permission(library_admin, scope=people_visible_to)
def employment_add(request: AuthedRequest, pk: int) -> HttpResponse:
    access = access_for(request.user)
    person = _visible_person(access, pk)
    libraries = _admin_libraries(access)
    library = _chosen_library(request, libraries)
    if library is None:
        return render(
            request,
            "people/library_choose.html",
            {
                "form": LibraryChoiceForm(libraries=libraries),
                "title": f"Add an employment for {person.display_name}",
                "person": person,
            },
        )
    form = EmploymentForm(request.POST or None, library=library, person=person, with_end_date=False)
    if request.method == "POST" and form.is_valid():
        try:
            services.employment_create(
                by=request.user, person=person, library=library, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Employment at {library.name} added.")
            return redirect(person)
    return render(
        request,
        "people/employment_form.html",
        {"form": form, "person": person, "library": library, "employment": None},
    )


def _editable_employment(access: Access, pk: int) -> Employment:
    employment: Employment = get_visible_or_404(
        employments_visible_to(access).select_related("person", "library"), pk=pk
    )
    require(can_edit_employment, access, employment)
    return employment


@permission(can_edit_employment, scope=employments_visible_to)
def employment_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    access = access_for(request.user)
    employment = _editable_employment(access, pk)
    form = EmploymentForm(
        request.POST or None,
        instance=employment,
        library=employment.library,
        person=employment.person,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.employment_update(by=request.user, employment=employment, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Employment saved.")
            return redirect(employment.person)
    return render(
        request,
        "people/employment_form.html",
        {
            "form": form,
            "person": employment.person,
            "library": employment.library,
            "employment": employment,
        },
    )


@permission(can_edit_employment, scope=employments_visible_to)
def employment_end(request: AuthedRequest, pk: int) -> HttpResponse:
    access = access_for(request.user)
    employment = _editable_employment(access, pk)
    form = EmploymentEndForm(request.POST or None, initial={"end_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.employment_end(
                by=request.user, employment=employment, end_date=form.cleaned_data["end_date"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Employment ended.")
            return redirect(employment.person)
    return render(
        request,
        "people/employment_end.html",
        {"form": form, "employment": employment, "person": employment.person},
    )


# --- credentials, evidence and experience --------------------------------------------------


def _record_form_page(
    request: AuthedRequest,
    *,
    form: Any,
    person: Person,
    save: Callable[[dict[str, Any]], Any],
    template: str,
    done: str,
    context: dict[str, Any],
) -> HttpResponse:
    """The shared shape of 'add or edit a record on a person's profile'."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect(person)
    return render(request, template, {"form": form, "person": person, **context})


def _confirm_delete(
    request: AuthedRequest, *, person: Person, what: str, delete: Callable[[], None]
) -> HttpResponse:
    if request.method == "POST":
        delete()
        messages.success(request, f"Deleted {what}.")
        return redirect(person)
    return render(request, "people/confirm_delete.html", {"person": person, "what": what})


@dataclass(frozen=True)
class _RecordKind:
    """What differs between the add and edit pages of the records on a profile."""

    name: str  # the template's context key, and its file: people/<name>_form.html
    label: str  # starts the confirmation: "<label> added." / "<label> saved."
    form: type[ModelFieldsForm]
    scope: Callable[[Access], QuerySet[Any]]  # the records the user may find
    create: Callable[..., Any]  # the service: create(by=..., person=..., **data)
    update: Callable[..., Any]  # the service: update(by=..., <name>=record, **data)


_CREDENTIAL = _RecordKind(
    name="credential",
    label="Credential",
    form=CredentialForm,
    scope=credentials_visible_to,
    create=services.credential_create,
    update=services.credential_update,
)
_EXPERIENCE = _RecordKind(
    name="experience",
    label="Experience",
    form=ExperienceForm,
    scope=experience_visible_to,
    create=services.experience_create,
    update=services.experience_update,
)


def _record_add(request: AuthedRequest, pk: int, kind: _RecordKind) -> HttpResponse:
    access = access_for(request.user)
    person = _managed_person(access, pk)
    require(can_edit_person, access, person)
    return _record_form_page(
        request,
        form=kind.form(request.POST or None),
        person=person,
        save=lambda data: kind.create(by=request.user, person=person, **data),
        template=f"people/{kind.name}_form.html",
        done=f"{kind.label} added.",
        context={kind.name: None},
    )


def _record_edit(request: AuthedRequest, pk: int, kind: _RecordKind) -> HttpResponse:
    access = access_for(request.user)
    record = get_visible_or_404(kind.scope(access).select_related("person"), pk=pk)
    require(can_edit_person, access, record.person)
    return _record_form_page(
        request,
        form=kind.form(request.POST or None, instance=record),
        person=record.person,
        save=lambda data: kind.update(by=request.user, **{kind.name: record}, **data),
        template=f"people/{kind.name}_form.html",
        done=f"{kind.label} saved.",
        context={kind.name: record},
    )


@permission(can_edit_person)
def credential_add(request: AuthedRequest, pk: int) -> HttpResponse:
    return _record_add(request, pk, _CREDENTIAL)


@permission(can_edit_person, scope=credentials_visible_to)
def credential_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    return _record_edit(request, pk, _CREDENTIAL)


@permission(can_edit_person, scope=credentials_visible_to)
def credential_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    access = access_for(request.user)
    credential = get_visible_or_404(
        credentials_visible_to(access).select_related("person", "certification_type"), pk=pk
    )
    require(can_edit_person, access, credential.person)
    return _confirm_delete(
        request,
        person=credential.person,
        what=f"the credential “{credential.title}” and its evidence files",
        delete=lambda: services.credential_delete(by=request.user, credential=credential),
    )


@permission(can_edit_person, scope=credentials_visible_to)
def evidence_add(request: AuthedRequest, pk: int) -> HttpResponse:
    access = access_for(request.user)
    credential = get_visible_or_404(
        credentials_visible_to(access).select_related("person", "certification_type"), pk=pk
    )
    require(can_edit_person, access, credential.person)
    max_bytes = settings.EVIDENCE_MAX_BYTES
    form = EvidenceForm(request.POST or None, request.FILES or None, max_bytes=max_bytes)
    return _record_form_page(
        request,
        form=form,
        person=credential.person,
        save=lambda data: services.evidence_add(
            by=request.user, credential=credential, upload=data["file"]
        ),
        template="people/evidence_form.html",
        done="Evidence uploaded.",
        context={"credential": credential},
    )


@permission(signed_in, scope=evidence_files_visible_to)
def evidence_download(request: AuthedRequest, pk: int) -> FileResponse:
    access = access_for(request.user)
    evidence = get_visible_or_404(evidence_files_visible_to(access), pk=pk)
    return serve_stored(
        evidence.file, filename=evidence.original_name, content_type=evidence.content_type
    )


@permission(can_edit_person, scope=evidence_files_visible_to)
def evidence_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    access = access_for(request.user)
    evidence = get_visible_or_404(evidence_files_visible_to(access), pk=pk)
    person = evidence.credential.person
    require(can_edit_person, access, person)
    return _confirm_delete(
        request,
        person=person,
        what=f"the evidence file “{evidence.original_name}”",
        delete=lambda: services.evidence_delete(by=request.user, evidence=evidence),
    )


@permission(can_edit_person)
def experience_add(request: AuthedRequest, pk: int) -> HttpResponse:
    return _record_add(request, pk, _EXPERIENCE)


@permission(can_edit_person, scope=experience_visible_to)
def experience_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    return _record_edit(request, pk, _EXPERIENCE)


@permission(can_edit_person, scope=experience_visible_to)
def experience_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    access = access_for(request.user)
    experience = get_visible_or_404(experience_visible_to(access).select_related("person"), pk=pk)
    require(can_edit_person, access, experience.person)
    return _confirm_delete(
        request,
        person=experience.person,
        what=f"the experience “{experience}”",
        delete=lambda: services.experience_delete(by=request.user, experience=experience),
    )


# --- API tokens (one's own) ----------------------------------------------------------------


@permission(signed_in)
@require_POST
@throttle("api_token_create", key=person_key, what="new API tokens")
def api_token_create(request: AuthedRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST)
    if form.is_valid():
        try:
            token, raw = tokens.api_token_create(by=request.user, name=form.cleaned_data["name"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            # Rendered, not redirected: the raw token must never be stored, even in a session.
            response = render(
                request, "people/api_token_created.html", {"token": token, "raw": raw}
            )
            response["Cache-Control"] = "no-store"
            return response
    problems = form.errors.get("name") or ["Could not create the token."]
    messages.error(request, " ".join(str(p) for p in problems))
    return HttpResponseRedirect(reverse("people:profile", args=[request.user.pk]) + "#api-tokens")


@permission(can_revoke_token)
@require_POST
def api_token_revoke(request: AuthedRequest, pk: int) -> HttpResponse:
    token = get_visible_or_404(ApiToken.objects.filter(person=request.user), pk=pk)
    tokens.api_token_revoke(by=request.user, token=token)
    messages.success(request, f"Token “{token.name}” revoked.")
    return HttpResponseRedirect(reverse("people:profile", args=[request.user.pk]) + "#api-tokens")
