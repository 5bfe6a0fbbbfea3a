"""Evaluation pages: mine, the managers' list, start one, one evaluation (write, comment,
sign, addenda), a printable page and the PDF."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods

from ladder.careers import evaluations as svc
from ladder.careers import policies
from ladder.careers.forms_plans import (
    AddendumForm,
    CommentForm,
    EvaluationCreateForm,
    EvaluationTextForm,
)
from ladder.careers.models import Evaluation
from ladder.careers.pdf import evaluation_pdf as build_pdf
from ladder.core.access import access_for, get_visible_or_404
from ladder.core.http import AuthedRequest
from ladder.core.paging import paginate
from ladder.core.policies import allowed, permission, require, signed_in
from ladder.orgs.forms import show_errors
from ladder.people.models import Employment, Person


def _visible(request: AuthedRequest, pk: int) -> Evaluation:
    access = access_for(request.user)
    evaluation: Evaluation = get_visible_or_404(
        svc.evaluation_with_addenda(svc.evaluations_visible_to(access)), pk=pk
    )
    return evaluation


@permission(signed_in)
def my_evaluations(request: AuthedRequest) -> HttpResponse:
    context = paginate(request, svc.my_evaluations(request.user))
    return render(request, "careers/evaluation_mine.html", context)


@permission(policies.can_write_evaluations)
def evaluation_list(request: AuthedRequest) -> HttpResponse:
    access = access_for(request.user)
    context = paginate(request, svc.evaluations_managed_by(access))
    return render(request, "careers/evaluation_list.html", context)


@permission(policies.can_write_evaluations)
@require_http_methods(["GET", "POST"])
def evaluation_create(request: AuthedRequest) -> HttpResponse:
    access = access_for(request.user)
    people = svc.reviewable_people(access).order_by("last_name", "first_name")
    # Library admins may name another reviewer (the service checks they may review).
    if access.is_site_admin:
        reviewers = Person.objects.filter(employments__in=Employment.objects.current())
    else:
        reviewers = Person.objects.filter(
            employments__in=Employment.objects.current().filter(
                library_id__in=access.admin_library_ids
            )
        )
    reviewers = reviewers.distinct().order_by("last_name", "first_name")
    today = timezone.localdate()
    form = EvaluationCreateForm(
        request.POST or None,
        people=people,
        reviewers=reviewers,
        initial={
            "person": request.GET.get("person"),
            "period_start": today.replace(month=1, day=1),
            "period_end": today.replace(month=12, day=31),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            evaluation = svc.evaluation_create(
                by=request.user,
                person=data["person"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                reviewer=data["reviewer"],
            )
        except (ValidationError, PermissionDenied) as exc:
            if isinstance(exc, PermissionDenied):
                form.add_error(None, str(exc))
            else:
                show_errors(form, exc)
        else:
            messages.success(request, "Evaluation started; its training section is filled in.")
            return redirect(evaluation)
    return render(request, "careers/evaluation_form.html", {"form": form})


@permission(signed_in, scope=svc.evaluations_visible_to)
@require_http_methods(["GET", "POST"])
def evaluation_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    evaluation = _visible(request, pk)
    me = request.user
    is_reviewer = allowed(policies.can_write_evaluation, access_for(me), evaluation)
    is_person = allowed(policies.can_comment_evaluation, access_for(me), evaluation)
    text_form = EvaluationTextForm(
        initial={"narrative": evaluation.narrative, "goals": evaluation.goals}
    )
    comment_form = CommentForm(initial={"comment": evaluation.person_comment})
    addendum_form = AddendumForm()
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "write":
                text_form = EvaluationTextForm(request.POST)
                if text_form.is_valid():
                    svc.evaluation_update(by=me, evaluation=evaluation, **text_form.cleaned_data)
                    messages.success(request, "Saved.")
                    return redirect(evaluation)
            elif action == "comment":
                comment_form = CommentForm(request.POST)
                if comment_form.is_valid():
                    svc.evaluation_comment(
                        by=me, evaluation=evaluation, comment=comment_form.cleaned_data["comment"]
                    )
                    messages.success(request, "Comment saved.")
                    return redirect(evaluation)
            elif action == "sign":
                svc.evaluation_sign(by=me, evaluation=evaluation)
                messages.success(request, "Signed.")
                return redirect(evaluation)
            elif action == "refresh":
                require(
                    policies.can_sign_evaluation,
                    access_for(me),
                    evaluation,
                    message="Only the reviewer and the person refresh it.",
                )
                svc.pd_section_refresh(evaluation=evaluation)
                messages.success(request, "The training section is up to date.")
                return redirect(evaluation)
            elif action == "addendum":
                addendum_form = AddendumForm(request.POST)
                if addendum_form.is_valid():
                    svc.addendum_add(
                        by=me, evaluation=evaluation, body=addendum_form.cleaned_data["body"]
                    )
                    messages.success(request, "Addendum added.")
                    return redirect(evaluation)
            else:
                raise BadRequest("Unknown action.")
        except ValidationError as exc:
            form = {"write": text_form, "comment": comment_form, "addendum": addendum_form}.get(
                action
            )
            if form is not None and hasattr(exc, "error_dict"):
                show_errors(form, exc)
            else:
                # A rule about the whole evaluation (signed, signing twice): a message.
                for message in exc.messages:
                    messages.error(request, message)
                return redirect(evaluation)
        evaluation = _visible(request, pk)
    context = {
        "evaluation": evaluation,
        "pd": evaluation.pd_section,
        "is_reviewer": is_reviewer,
        "is_person": is_person,
        "text_form": text_form,
        "comment_form": comment_form,
        "addendum_form": addendum_form,
        "may_add": evaluation.is_frozen
        and allowed(policies.can_add_to_evaluation, access_for(me), evaluation),
    }
    return render(request, "careers/evaluation_detail.html", context)


@permission(signed_in, scope=svc.evaluations_visible_to)
def evaluation_print(request: AuthedRequest, pk: int) -> HttpResponse:
    evaluation = _visible(request, pk)
    return render(
        request,
        "careers/evaluation_print.html",
        {"evaluation": evaluation, "pd": evaluation.pd_section},
    )


@permission(signed_in, scope=svc.evaluations_visible_to)
def evaluation_pdf(request: AuthedRequest, pk: int) -> HttpResponse:
    evaluation = _visible(request, pk)
    content = build_pdf(evaluation, generated_on=timezone.localdate())
    response = HttpResponse(content, content_type="application/pdf")
    name = slugify(f"evaluation {evaluation.person.display_name} {evaluation.period_end:%Y}")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response
