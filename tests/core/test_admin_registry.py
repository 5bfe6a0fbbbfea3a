"""The site admin manages every model in Django admin: each list opens, searches and filters; the
audit log and the records the application writes are read-only there."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from ladder.core.audit import log_action
from ladder.core.models import AuditEntry

#: Child rows managed inline on their parent's admin page (not lists of their own).
INLINE_ONLY = {
    "people.ladderstep",
    "people.evidencefile",
    "shared_learning.roundtablemembership",
    "shared_learning.roundtableresource",
    "shared_learning.meetingnote",
    "shared_learning.coachingsession",
    "careers.plangoal",
    "careers.plannedsession",
    "careers.plancheckin",
    "careers.evaluationaddendum",
    "certifications.schemepart",
    "certifications.schemecategory",
    "certifications.conversionfactor",
    "certifications.partcompletion",
    "tuition.programmebudget",
    "tuition.claimreceipt",
    "openings.openingcompetency",
}


def ladder_models():
    return [
        model
        for model in apps.get_models()
        if model.__module__.startswith("ladder.") and model._meta.label_lower not in INLINE_ONLY
    ]


def test_every_ladder_model_is_in_the_admin():
    missing = [m._meta.label for m in ladder_models() if m not in admin.site._registry]
    assert missing == []


def test_inline_only_models_are_inlines_of_a_registered_admin():
    inlined = {
        inline.model._meta.label_lower
        for model_admin in admin.site._registry.values()
        for inline in model_admin.inlines
    }
    assert sorted(INLINE_ONLY - inlined) == []


@pytest.mark.parametrize(
    "label",
    [
        "core.job",
        "people.emailchange",
        "shared_learning.roundtable",
        "shared_learning.coachingrequest",
        "shared_learning.digestsend",
        "shared_learning.digestsubscription",
        "network.advisoryrequest",
        "network.tempworker",
        "network.temprequest",
        "network.tempplacement",
    ],
)
def test_the_new_admin_lists_open_and_search(world, client_for, label):
    app_label, model = label.split(".")
    url = reverse(f"admin:{app_label}_{model}_changelist")
    assert client_for(world.root).get(url, {"q": "a"}).status_code == 200
    assert client_for(world.alice).get(url).status_code == 302  # not staff: to the login


def test_the_audit_log_is_searchable_and_read_only(world, client_for):
    log_action(actor=world.alice, action="people.employment.updated", obj=world.bob)
    client = client_for(world.root)
    page = client.get(reverse("admin:core_auditentry_changelist"), {"q": "employment"})
    assert page.status_code == 200 and "people.employment.updated" in page.content.decode()
    entry = AuditEntry.objects.get()
    change = reverse("admin:core_auditentry_change", args=[entry.pk])
    assert client.post(change, {"summary": "rewritten"}).status_code == 403
    assert client.get(reverse("admin:core_auditentry_add")).status_code == 403
