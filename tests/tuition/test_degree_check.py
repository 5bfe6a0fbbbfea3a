"""Degree → promotion never fails silently (issue #16): recording a completed degree proposes
the promotion or says exactly why not, with the gap page; admins propose one at any time."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from ladder.orgs.models import Library
from ladder.people.models import Employment
from ladder.skills.models import Competency, JobClassCompetency, Rating
from ladder.tuition import enrolments, promotions
from ladder.tuition.models import Promotion
from tests.api.conftest import (
    api_for,  # noqa: F401  (the fixture)
    assert_error,
)
from tests.tuition.conftest import enrolled

AWARDED = dt.date(2025, 5, 15)


@pytest.fixture
def needs_skills(world, grow, framework):
    """Librarian II (an accredited MLS) also asks ILS at level 3 and Reference interview at
    level 2: three requirements. Tina has ILS at 1 and no rating of the reference interview."""
    ils = Competency.objects.get(code="ils")
    reference = Competency.objects.get(code="reference-interview")
    JobClassCompetency.objects.create(job_class=world.librarian2, competency=ils, level=3)
    JobClassCompetency.objects.create(job_class=world.librarian2, competency=reference, level=2)
    Rating.objects.create(person=grow.tina, competency=ils, level=1, source="supervisor")


def test_a_degree_with_open_requirements_says_exactly_why_no_promotion(
    world, grow, needs_skills
) -> None:
    enrolment, promotion = enrolments.enrolment_complete(
        by=world.alice, enrolment=enrolled(world, grow), awarded_on=AWARDED
    )

    assert promotion is None
    check = promotions.degree_check(enrolment)
    assert check.job_class == world.librarian2
    assert check.why_not == (
        "No promotion proposed to Librarian II: needs Ils at level 3, Reference interview at "
        "level 2 — 2 of 3 requirements still open."
    )
    assert check.gap_path == reverse("careers:gap", args=[grow.tina.pk, world.librarian2.pk])


def test_the_page_says_why_and_links_the_gap_page(world, grow, needs_skills, client_for) -> None:
    enrolment = enrolled(world, grow)
    client = client_for(world.alice)

    response = client.post(
        enrolment.get_absolute_url(),
        {"action": "complete", "awarded_on": AWARDED.isoformat()},
        follow=True,
    )

    page = response.content.decode()
    assert "No promotion proposed to Librarian II: needs Ils at level 3" in page
    assert reverse("careers:gap", args=[grow.tina.pk, world.librarian2.pk]) in page
    assert reverse("tuition:promotion_propose", args=[grow.tina.pk]) in page
    # Still said on the enrolment page later, until a promotion is proposed.
    again = client.get(enrolment.get_absolute_url()).content.decode()
    assert "2 of 3 requirements still open" in again


def test_a_library_without_a_ladder_is_named_as_the_reason(world, grow) -> None:
    Library.objects.filter(pk=world.riverside.pk).update(ladder=None)

    enrolment, promotion = enrolments.enrolment_complete(
        by=world.alice, enrolment=enrolled(world, grow), awarded_on=AWARDED
    )

    assert promotion is None
    assert "has no career ladder" in promotions.degree_check(enrolment).why_not


def test_the_api_returns_the_reason_and_the_gap_link(
    world,
    grow,
    needs_skills,
    api_for,  # noqa: F811
) -> None:
    enrolment = enrolled(world, grow)

    response = api_for(world.alice).post(
        f"tuition/enrolments/{enrolment.pk}/complete", {"awarded_on": AWARDED.isoformat()}
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["promotion_id"] is None
    assert "2 of 3 requirements still open" in body["no_promotion_reason"]
    assert body["gap_url"].startswith("http")
    assert body["gap_url"].endswith(f"/careers/people/{grow.tina.pk}/gap/{world.librarian2.pk}/")


def test_an_eligible_degree_still_proposes_and_gives_no_reason(
    world,
    grow,
    api_for,  # noqa: F811
) -> None:
    enrolment = enrolled(world, grow)

    body = (
        api_for(world.alice)
        .post(f"tuition/enrolments/{enrolment.pk}/complete", {"awarded_on": AWARDED.isoformat()})
        .json()
    )

    assert body["promotion_id"] is not None
    assert body["no_promotion_reason"] is None and body["gap_url"] is None


# --- proposing at any time, from the person's page ------------------------------------------


def _tina_job(grow) -> Employment:
    return Employment.objects.get(person=grow.tina)


def test_a_library_admin_proposes_a_promotion_from_the_persons_page(
    world, grow, client_for
) -> None:
    job = _tina_job(grow)
    profile = client_for(world.alice).get(reverse("people:profile", args=[grow.tina.pk]))
    propose = reverse("tuition:promotion_propose", args=[grow.tina.pk])
    assert f"{propose}?employment={job.pk}" in profile.content.decode()

    page = client_for(world.alice).get(f"{propose}?employment={job.pk}")
    assert page.status_code == 200
    response = client_for(world.alice).post(
        propose,
        {
            "employment": job.pk,
            "to_job_class": grow.librarian1.pk,
            "effective_date": "2030-01-01",
            "reason": "reclassification",
            "detail": "Reclassified after the review",
        },
    )

    promotion = Promotion.objects.get(person=grow.tina)
    assert response.status_code == 302 and response["Location"] == promotion.get_absolute_url()
    assert promotion.status == Promotion.Status.PROPOSED
    assert promotion.reason == Promotion.Reason.RECLASSIFICATION


def test_proposing_refuses_an_ineligible_class_with_the_reasons(world, grow, client_for) -> None:
    propose = reverse("tuition:promotion_propose", args=[grow.tina.pk])

    response = client_for(world.alice).post(
        propose,
        {
            "employment": _tina_job(grow).pk,
            "to_job_class": world.librarian2.pk,
            "effective_date": "2030-01-01",
            "reason": "other",
        },
    )

    assert response.status_code == 200
    assert "Eligibility rule" in response.content.decode()
    assert not Promotion.objects.exists()


def test_only_the_librarys_admins_propose(world, grow, client_for) -> None:
    propose = reverse("tuition:promotion_propose", args=[grow.tina.pk])

    assert client_for(world.carol).get(propose).status_code == 404
    assert client_for(grow.tina).get(propose).status_code == 403


def test_the_api_proposes_a_promotion(world, grow, api_for) -> None:  # noqa: F811
    body = {
        "employment_id": _tina_job(grow).pk,
        "to_job_class_id": grow.librarian1.pk,
        "effective_date": "2030-01-01",
        "reason": "reclassification",
    }

    created = api_for(world.alice).post("tuition/promotions", body)

    assert created.status_code == 201, created.content
    assert created.json()["to_job_class"]["id"] == grow.librarian1.pk
    assert_error(api_for(world.carol).post("tuition/promotions", body), 404)
    refused = api_for(world.alice).post(
        "tuition/promotions", {**body, "to_job_class_id": world.librarian2.pk}
    )
    assert "Eligibility rule" in assert_error(refused, 422)["message"] + str(
        refused.json()["error"]["fields"]
    )
