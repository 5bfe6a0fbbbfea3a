"""The demo's certification story: LSSC candidates at three stages, Marcus in his renewal
window short of technology hours, Doug lapsed, librarians with state certificates."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from ladder.careers.eligibility import person_facts
from ladder.certifications.models import PartCompletion, Pursuit, Renewal, Scheme
from ladder.certifications.progress import Status, progress_for, pursuit_queryset
from ladder.demo.personas import seed_demo
from ladder.learning.models import TrainingRecord
from ladder.people.models import Credential, Person

MAPLE = "maplecountylibrary.example"
MODELS = [Scheme, Pursuit, PartCompletion, Renewal, Credential, TrainingRecord]


@pytest.fixture
def demo(seeded_demo, db) -> str:
    return seeded_demo


def _progress(local: str, slug: str = "lssc", domain: str = MAPLE):
    pursuit = pursuit_queryset().get(
        person__email=f"{local}@{domain}", scheme__slug=slug, scheme__network__isnull=False
    )
    return progress_for([pursuit])[0]


def test_network_adopted_the_three_templates(demo):
    adopted = Scheme.objects.filter(network__slug="ohio-valley")
    assert {s.slug for s in adopted} == {"lssc", "state-public-librarian", "association-cpd"}
    lssc = adopted.get(slug="lssc")
    assert lssc.certification_type.name == "Library Support Staff Certification (LSSC)"


def test_assistants_pursue_lssc_at_various_stages(demo):
    jamal = _progress("jamal.washington")
    monique = _progress("monique.carter")
    sophie = _progress("sophie.brennan")
    # Jamal just started, Monique is part-way, Sophie has every set and awaits confirmation.
    assert jamal.parts_remaining > monique.parts_remaining > sophie.parts_remaining == 0
    assert all(p.status == Status.PURSUING for p in (jamal, monique, sophie))
    # Parts count automatically from verified training tagged with the LSSC set.
    assert any(x.records for x in sophie.required)


def test_marcus_is_in_renewal_window_short_of_technology(demo):
    marcus = _progress("marcus.bell")
    assert marcus.status == Status.RENEWAL_WINDOW
    assert "technology" in marcus.cycle.category_shortfalls
    assert marcus.hours_short > 0


def test_doug_lapsed_and_careers_agrees(demo):
    doug = _progress("doug.hensley")
    assert doug.status == Status.LAPSED
    person = Person.objects.get(email=f"doug.hensley@{MAPLE}")
    facts = person_facts([person.pk])[person.pk]
    assert doug.scheme.certification_type_id not in facts.certification_type_ids


def test_librarians_hold_state_certificates(demo):
    holders = Pursuit.objects.filter(
        scheme__slug="state-public-librarian", earned_on__isnull=False
    ).values_list("person__email", "grade")
    assert dict(holders) == {
        f"gregory.whitfield@{MAPLE}": "Grade 1",
        f"ellen.marsh@{MAPLE}": "Grade 2",
        f"li.wei@{MAPLE}": "Grade 3",
    }
    assert _progress("ellen.marsh", "state-public-librarian").status == Status.RENEWAL_WINDOW


def test_pages_render_for_the_demo(demo):
    client = Client()
    client.force_login(Person.objects.get(email=f"marcus.bell@{MAPLE}"))
    page = client.get(reverse("certifications:mine"))
    assert page.status_code == 200 and "In renewal window" in page.content.decode()


def test_second_seed_changes_no_counts(demo):
    before = {m.__name__: m.objects.count() for m in MODELS}
    seed_demo()
    assert {m.__name__: m.objects.count() for m in MODELS} == before
