"""Ranking: explained scores, weights, "met within N months", the whole network, queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from ladder.learning.models import TrainingRecord
from ladder.openings import openings as svc
from ladder.openings import ranking
from ladder.openings.models import Opening, RankingWeights
from ladder.people.models import Credential, EducationLevel, Ladder, LadderStep
from ladder.skills.models import Interest
from tests import factories as f
from tests.openings.conftest import hat, rate, wear


def _assistant(world, first: str = "Tina"):
    """A part-time Library Assistant at Riverside Main: a candidate for assistant and
    librarian posts (sam, a branch manager, sits above both and is not ranked)."""
    person = f.PersonFactory(first_name=first, last_name="Assist")
    f.EmploymentFactory(
        person=person,
        library=world.riverside,
        branch=world.riverside_main,
        job_class=world.assistant,
        weekly_hours=Decimal("20"),
        start_date=dt.date(2019, 3, 1),
    )
    return person


def _row(result, person):
    for row in result.rows(0, 100):
        if row.person.pk == person.pk:
            return row
    raise AssertionError(f"{person} not ranked")


def test_ranks_the_librarys_staff_with_line_by_line_explanations(world, opening):
    rate(world.bob, "ils", 2)
    rate(world.bob, "circulation", 3)
    interest = Interest.objects.create(person=world.bob, wants_full_time=True)
    interest.target_job_classes.add(world.assistant)
    result = ranking.rank_candidates(opening)
    ids = [row.person.pk for row in result.rows()]
    assert world.bob.pk in ids and world.dave.pk not in ids  # the library only by default
    top = result.rows()[0]
    assert top.person == world.bob
    parts = {p.key: p for p in top.parts}
    assert parts["competencies"].score == 1.0
    assert parts["interest"].score == 1.0
    assert any("Ils (required, level 2): has 2" in line for line in parts["competencies"].lines)
    assert any("Wants full-time work" in line for line in parts["interest"].lines)
    assert top.total == pytest.approx(sum(p.points for p in top.parts), abs=0.2)


def test_whole_network_adds_the_other_members_staff(world, opening):
    ids = [row.person.pk for row in ranking.rank_candidates(opening, whole_network=True).rows()]
    assert world.dave.pk in ids and world.bob.pk in ids


def test_people_whose_job_sits_above_the_opening_are_left_out(world, opening):
    """Librarians and managers are not candidates for a Library Assistant post."""
    ids = [row.person.pk for row in ranking.rank_candidates(opening, whole_network=True).rows()]
    assert world.carol.pk not in ids  # Librarian II at Hillcrest
    assert world.alice.pk not in ids and world.sam.pk not in ids


def test_the_librarys_ladder_orders_support_staff_rungs(world, framework):
    ladder = Ladder.objects.create(name="Riverside ladder", network=world.network)
    LadderStep.objects.create(ladder=ladder, job_class=world.page, position=1)
    LadderStep.objects.create(ladder=ladder, job_class=world.assistant, position=2)
    LadderStep.objects.create(ladder=ladder, job_class=world.librarian2, position=3)
    world.riverside.ladder = ladder
    world.riverside.save()
    page_post = svc.opening_publish(
        by=world.alice,
        opening=svc.opening_create(
            by=world.alice,
            library=world.riverside,
            job_class=world.page,
            weekly_hours=Decimal("20"),
            branch=world.riverside_main,
            reason=Opening.Reason.MORE_HOURS,
            internal_until=timezone.localdate() + dt.timedelta(days=21),
        ),
    )
    ids = [row.person.pk for row in ranking.rank_candidates(page_post, whole_network=True).rows()]
    assert world.dave.pk not in ids  # an assistant: a rung above a page
    assert world.bob.pk in ids  # a page with fewer hours than the post


def test_each_candidate_shows_their_current_job_and_unrated_skills(world, opening, client_for):
    rate(world.bob, "ils", 2)  # circulation is not rated
    row = _row(ranking.rank_candidates(opening), world.bob)
    assert row.current_jobs == "Page, Riverside Public Library (15 h a week)"
    lines = next(p for p in row.parts if p.key == "competencies").lines
    assert any("Circulation (preferred, level 3): not yet rated" in line for line in lines)
    assert any("Ils (required, level 2): has 2 — meets." in line for line in lines)
    page = client_for(world.alice).get(reverse("openings:ranking", args=[opening.pk]))
    assert "Page, Riverside Public Library (15 h a week)" in page.content.decode()


def test_initiative_counts_above_and_beyond_and_extra_hats(world, opening):
    for n in range(3):
        TrainingRecord.objects.create(
            person=world.bob,
            title=f"Workshop {n}",
            kind="workshop",
            hours=Decimal("2"),
            completed_on=timezone.localdate() - dt.timedelta(days=30 * n),
            above_and_beyond=True,
        )
    for n in range(3):
        wear(hat(world.riverside, f"Duty {n}", "2", {}), world.bob)
    row = _row(ranking.rank_candidates(opening), world.bob)
    initiative = next(p for p in row.parts if p.key == "initiative")
    assert initiative.score == pytest.approx(0.5)
    assert "Above-and-beyond training in the last three years: 3." in initiative.lines
    assert "Hats worn beyond the first: 2." in initiative.lines


def test_a_degree_finishing_within_the_grace_months_counts_half(world, framework):
    # Librarian II needs an accredited MLS; tina's is in its last months, bob's just began.
    tina = _assistant(world)
    post = svc.opening_create(
        by=world.alice, library=world.riverside, job_class=world.librarian2, weekly_hours=40
    )
    today = timezone.localdate()
    Credential.objects.create(
        person=tina,
        kind="degree",
        status="in_progress",
        degree_level=EducationLevel.MLS,
        accredited=True,
        started_on=today - dt.timedelta(days=365 * 2 - 60),
    )
    Credential.objects.create(
        person=world.bob,
        kind="degree",
        status="in_progress",
        degree_level=EducationLevel.MLS,
        accredited=True,
        started_on=today - dt.timedelta(days=30),
    )
    result = ranking.rank_candidates(post)
    tina_req = next(p for p in _row(result, tina).parts if p.key == "requirements")
    bob = next(p for p in _row(result, world.bob).parts if p.key == "requirements")
    assert tina_req.score == 0.5 and "expected within 6 months" in tina_req.lines[0]
    assert bob.score == 0.0 and "not met" in bob.lines[0]
    # With no grace the nearly finished degree no longer counts.
    ranking.weights_set(by=world.alice, library=world.riverside, grace_months=0)
    result = ranking.rank_candidates(post)
    assert next(p for p in _row(result, tina).parts if p.key == "requirements").score == 0


def test_weights_change_the_order(world, opening):
    rate(world.bob, "ils", 4)
    rate(world.bob, "circulation", 4)
    tina = _assistant(world)
    # Everyone started the same day; interest decides instead.
    Interest.objects.create(person=tina, wants_full_time=True).target_job_classes.add(
        world.assistant
    )
    ranking.weights_set(
        by=world.alice,
        library=world.riverside,
        requirements=0,
        competencies=100,
        initiative=0,
        interest=0,
        tenure=0,
    )
    assert ranking.rank_candidates(opening).rows()[0].person == world.bob
    ranking.weights_set(by=world.alice, library=world.riverside, competencies=0, interest=100)
    assert ranking.rank_candidates(opening).rows()[0].person == tina


def test_weights_are_checked_and_private_to_the_library(world, opening):
    with pytest.raises(PermissionDenied):
        ranking.weights_set(by=world.carol, library=world.riverside, tenure=50)
    with pytest.raises(ValidationError):
        ranking.weights_set(by=world.alice, library=world.riverside, tenure=500)
    with pytest.raises(ValidationError):
        ranking.weights_set(
            by=world.alice,
            library=world.riverside,
            requirements=0,
            competencies=0,
            initiative=0,
            interest=0,
            tenure=0,
        )
    assert not RankingWeights.objects.filter(tenure=500).exists()


def _staff(world, n):
    for i in range(n):
        person = f.PersonFactory(email=f"staff{i}@riverside.example")
        f.EmploymentFactory(
            person=person,
            library=world.riverside,
            job_class=world.page,
            weekly_hours=Decimal("20"),
            start_date=dt.date(2021, 1, 1),
        )
        rate(person, "ils", i % 4)


def _count(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_ranking_page_queries_do_not_grow_with_the_staff(world, opening, client_for):
    client = client_for(world.alice)
    url = f"/openings/{opening.pk}/ranking/?scope=network&fresh=1"  # a full load each time
    _staff(world, 5)
    small = _count(client, url)
    _staff_more(world, 45)
    assert _count(client, url) == small


def _staff_more(world, n):
    for i in range(n):
        person = f.PersonFactory(email=f"more{i}@riverside.example")
        f.EmploymentFactory(
            person=person,
            library=world.riverside,
            job_class=world.page,
            weekly_hours=Decimal("20"),
            start_date=dt.date(2021, 1, 1),
        )


def test_ranking_page_opens_with_the_ranking_at_a_glance(world, opening, client_for):
    _staff(world, 3)
    page = client_for(world.alice).get(f"/openings/{opening.pk}/ranking/?scope=library")
    body = page.content.decode()
    glance = body.index("The ranking at a glance")
    first_explanation = body.index('<section class="border-top')
    assert glance < first_explanation
    # Each row links to that person's explanation below.
    assert body.count('href="#cand-') >= 3


def test_loaded_facts_are_reused_briefly_and_fresh_reloads_them(world, opening):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as loading:
        first = ranking.rank_candidates(opening)
    with CaptureQueriesContext(connection) as again:
        second = ranking.rank_candidates(opening)
    assert second.computed_at == first.computed_at
    # Only the weights and the opening's requirements are read again, not everyone's facts.
    assert len(again) < len(loading) / 2
    rate(world.bob, "ils", 4)
    stale = _row(ranking.rank_candidates(opening), world.bob)
    fresh = _row(ranking.rank_candidates(opening, fresh=True), world.bob)
    assert not any("has 4" in line for p in stale.parts for line in p.lines)
    assert any("has 4" in line for p in fresh.parts for line in p.lines)


def test_other_weights_rescore_the_reused_facts(world, opening):
    rate(world.bob, "ils", 2)
    rate(world.bob, "circulation", 3)
    ranking.rank_candidates(opening)
    ranking.weights_set(
        by=world.alice,
        library=world.riverside,
        requirements=0,
        competencies=0,
        initiative=0,
        interest=0,
        tenure=100,
    )
    result = ranking.rank_candidates(opening)
    assert result.weights.tenure == 100
    assert result.rows()[0].total == pytest.approx(
        next(p.points for p in result.rows()[0].parts if p.key == "tenure"), abs=0.1
    )


def test_the_page_says_how_old_the_figures_are(world, opening, client_for):
    client = client_for(world.alice)
    body = client.get(f"/openings/{opening.pk}/ranking/").content.decode()
    assert "Figures as of" in body and "fresh=1" in body
    assert client.get(f"/openings/{opening.pk}/ranking/?fresh=1").status_code == 200


def test_a_tuition_enrolment_gives_the_degrees_expected_end(world, framework):
    # bob's MLS began a month ago (the estimate says two years), but his enrolment in the
    # library's tuition programme says he finishes in three months: nearly met.
    from ladder.tuition.models import Enrolment, Programme

    post = svc.opening_create(
        by=world.alice, library=world.riverside, job_class=world.librarian2, weekly_hours=40
    )
    today = timezone.localdate()
    Credential.objects.create(
        person=world.bob,
        kind="degree",
        status="in_progress",
        degree_level=EducationLevel.MLS,
        accredited=True,
        started_on=today - dt.timedelta(days=30),
    )
    programme = Programme.objects.create(
        name="Grow your own",
        sponsor=world.riverside,
        min_tenure_months=0,
        reimbursement_percent=Decimal("80"),
        cap_per_year=Decimal("5000"),
        cap_lifetime=Decimal("12000"),
        min_grade="C",
        service_months=12,
    )
    enrolment = Enrolment.objects.create(
        programme=programme,
        person=world.bob,
        library=world.riverside,
        institution="Kent State University",
        degree_level=EducationLevel.MLS,
        accredited=True,
        expected_start=today - dt.timedelta(days=700),
        expected_end=today + dt.timedelta(days=90),
        status=Enrolment.Status.ENROLLED,
    )
    part = next(
        p for p in _row(ranking.rank_candidates(post), world.bob).parts if p.key == "requirements"
    )
    assert part.score == 0.5
    # A withdrawn enrolment no longer says so: back to the estimate from the start date.
    Enrolment.objects.filter(pk=enrolment.pk).update(status=Enrolment.Status.WITHDRAWN)
    part = next(
        p
        for p in _row(ranking.rank_candidates(post, fresh=True), world.bob).parts
        if p.key == "requirements"
    )
    assert part.score == 0.0
