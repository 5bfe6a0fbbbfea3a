"""The demo's grow-your-own programme at Pine Hollow: two MLS graduates promoted to Librarian II,
Kayla enrolled with claims, Shelby promoted to Librarian I on her bachelor's."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ladder.demo.tuition import seed_tuition
from ladder.people.models import Employment, Person
from ladder.tuition.models import Claim, Enrolment, Programme, ProgrammeBudget, Promotion

PINE = "pinehollowlibrary.example"
MODELS = [Programme, ProgrammeBudget, Enrolment, Claim, Promotion, Employment, Person]


@pytest.fixture
def demo(seeded_demo, db) -> str:
    return seeded_demo


def test_the_state_sponsored_programme_story(demo, client_for):
    programme = Programme.objects.get(name="Grow Your Own Librarians")
    assert programme.sponsor.name == "State Library of Ohio"
    assert [lib.slug for lib in programme.libraries.all()] == ["pine-hollow"]
    accepted = Promotion.objects.filter(status=Promotion.Status.ACCEPTED)
    to_lib2 = {p.person.email for p in accepted if p.to_job_class.code == "librarian-ii"}
    assert to_lib2 == {f"jolene.harper@{PINE}", f"travis.mullins@{PINE}"}
    for promotion in accepted:
        old, new = promotion.from_employment, promotion.new_employment
        assert old.job_class.code == "library-assistant"
        assert old.end_date is not None and new.start_date > old.end_date
    shelby = Promotion.objects.get(person__email=f"shelby.tackett@{PINE}")
    assert shelby.to_job_class.code == "librarian-i" and shelby.status == "accepted"
    kayla = Enrolment.objects.get(person__email=f"kayla.brewer@{PINE}")
    assert kayla.status == Enrolment.Status.ENROLLED
    assert sorted(kayla.claims.values_list("status", flat=True)) == [
        "approved",
        "paid",
        "submitted",
    ]
    # Claire (Maple County) stays eligible but not promoted
    assert not Promotion.objects.filter(person__last_name="Donnelly").exists()
    # the sponsor's admin sees the dashboard; Pine Hollow's director the promotions
    marcia = Person.objects.get(email="marcia.feld@library.ohio.example")
    page = client_for(marcia).get(reverse("tuition:programme_detail", args=[programme.pk]))
    assert page.status_code == 200 and b"Graduates" in page.content
    ruth = Person.objects.get(email=f"ruthann.caldwell@{PINE}")
    listing = client_for(ruth).get(reverse("tuition:promotion_list"))
    assert b"Jolene" in listing.content


def test_seeding_again_changes_no_counts(demo):
    before = {model: model.objects.count() for model in MODELS}
    seed_tuition()
    assert {model: model.objects.count() for model in MODELS} == before
