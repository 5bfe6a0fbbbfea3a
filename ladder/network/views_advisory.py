"""The advisory desk's pages: ask, my requests, the consultants' queue, one request."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import BadRequest, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from ladder.core.access import access_for, get_visible_or_404
from ladder.core.http import AuthedRequest
from ladder.core.paging import paginate
from ladder.core.policies import allowed, coordinator, permission, require, signed_in
from ladder.core.submission import saved
from ladder.network import advisory
from ladder.network.forms_advisory import AnswerForm, AskForm, AssignForm, QueueFilterForm
from ladder.network.models import AdvisoryRequest
from ladder.network.policies import can_consult
from ladder.orgs.forms import show_errors
from ladder.orgs.models import Library


@permission(signed_in)
@require_http_methods(["GET", "POST"])
def ask(request: AuthedRequest) -> HttpResponse:
    access = access_for(request.user)
    libraries = Library.objects.filter(pk__in=access.colleague_library_ids)
    form = AskForm(request.POST or None, libraries=libraries)
    created: AdvisoryRequest | None = None

    def save() -> str:
        nonlocal created
        created = advisory.advisory_request_create(by=request.user, **form.cleaned_data)
        return "Your question is with the network's consultants."

    if saved(request, form, save, show_errors=show_errors) and created is not None:
        return redirect(created)
    return render(request, "network/advisory_ask.html", {"form": form})


@permission(signed_in)
def mine(request: AuthedRequest) -> HttpResponse:
    page = paginate(request, advisory.my_requests(request.user))
    return render(request, "network/advisory_mine.html", page)


@permission(coordinator)
def queue(request: AuthedRequest) -> HttpResponse:
    access = access_for(request.user)
    filters = QueueFilterForm(request.GET or None)
    if not access.is_site_admin:
        filters.fields["library"].queryset = Library.objects.filter(  # type: ignore[attr-defined]
            pk__in=access.network_library_ids
        )
    cleaned = filters.cleaned_data if filters.is_valid() else {}
    library = cleaned.get("library")
    requests = advisory.advisory_queue(
        access,
        status=cleaned.get("status", ""),
        channel=cleaned.get("channel", ""),
        library_id=library.pk if library else None,
    )
    context = paginate(request, requests)
    context["filters"] = filters
    context["average"] = advisory.average_first_response(requests)
    return render(request, "network/advisory_queue.html", context)


@permission(signed_in, scope=advisory.advisory_requests_visible_to)
@require_http_methods(["GET", "POST"])
def detail(request: AuthedRequest, pk: int) -> HttpResponse:
    access = access_for(request.user)
    item = get_visible_or_404(advisory.advisory_requests_visible_to(access), pk=pk)
    is_consultant = allowed(can_consult, access, item)
    answer_form = AnswerForm(initial={"answer": item.answer})
    assign_form = AssignForm(network_id=item.network_id)
    if request.method == "POST":
        action = request.POST.get("action")
        if action in ("answer", "assign"):
            require(can_consult, access, item)
        try:
            if action == "answer":
                answer_form = AnswerForm(request.POST)
                if answer_form.is_valid():
                    advisory.advisory_answer(
                        by=request.user, request=item, answer=answer_form.cleaned_data["answer"]
                    )
                    messages.success(request, "Answer saved; the asker is e-mailed.")
                    return redirect(item)
            elif action == "assign":
                assign_form = AssignForm(request.POST, network_id=item.network_id)
                if assign_form.is_valid():
                    advisory.advisory_assign(
                        by=request.user,
                        request=item,
                        consultant=assign_form.cleaned_data["consultant"],
                    )
                    messages.success(request, "Assigned.")
                    return redirect(item)
            elif action == "close":
                advisory.advisory_close(by=request.user, request=item)
                messages.success(request, "Closed.")
                return redirect(item)
            else:
                raise BadRequest("Unknown action.")
        except ValidationError as exc:
            show_errors(answer_form if action == "answer" else assign_form, exc)
    context = {
        "item": item,
        "is_consultant": is_consultant,
        "answer_form": answer_form,
        "assign_form": assign_form,
    }
    return render(request, "network/advisory_detail.html", context)
