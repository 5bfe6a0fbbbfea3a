"""The demo's careers story: Claire Donnelly, a library assistant with a bachelor's in film
studies, is eligible for Librarian I and lacks the accredited MLS for Librarian II."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from ladder.careers import eligibility as el
from ladder.careers.recommend import recommend
from ladder.demo.careers_eligibility import seed_careers_eligibility
from ladder.demo.personas import seed_demo
from ladder.learning.models import Offering, OfferingCompetency, Session
from ladder.people.models import JobClass, Person
from ladder.skills.models import Evidence, Rating

CLAIRE = "claire.donnelly@maplecountylibrary.example"
MODELS = [Evidence, Rating, Offering, OfferingCompetency, Session]


def seed() -> None:
    seed_demo()
    # Idempotent: harmless once seed_demo() calls it too.
    seed_careers_eligibility()


@pytest.fixture
def demo(seeded_demo, db) -> str:
    return seeded_demo


def template(code: str) -> JobClass:
    return JobClass.objects.get(code=code, library__isnull=True, network__slug="ohio-valley")


def test_claire_is_eligible_for_librarian_i(demo):
    claire = Person.objects.get(email=CLAIRE)
    eligible = [jc.name for jc in el.eligible_job_classes(claire)]
    assert "Librarian I" in eligible
    assert el.gaps_for(claire, template("librarian-i")) == []


def test_claire_lacks_the_mls_for_librarian_ii(demo):
    claire = Person.objects.get(email=CLAIRE)
    gaps = el.gaps_for(claire, template("librarian-ii"))
    assert gaps[0].label == "Needs an ALA-accredited MLS/MLIS (has a Bachelor's degree)"
    client = Client()
    client.force_login(claire)
    response = client.get(reverse("careers:gap", args=[claire.pk, template("librarian-ii").pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Needs an ALA-accredited MLS/MLIS (has a Bachelor&#x27;s degree)" in body
    assert "interested in library school" in body
    mine = client.get(reverse("careers:my_career")).content.decode()
    assert "Eligible for <strong>Librarian I</strong>" in mine


def test_claire_has_sessions_recommended(demo):
    claire = Person.objects.get(email=CLAIRE)
    rec = recommend(claire, template("librarian-ii"))
    assert rec.chosen
    assert rec.uncovered == []
    assert all(choice.reason.startswith("covers ") for choice in rec.chosen)


def test_second_seed_changes_no_counts(demo):
    before = {model: model.objects.count() for model in MODELS}
    seed()
    assert {model: model.objects.count() for model in MODELS} == before
