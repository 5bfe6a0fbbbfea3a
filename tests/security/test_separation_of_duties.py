"""Separation of duties (security issue, item 3): nobody approves, pays or signs off anything
for themselves. The attacker is alice, Riverside's only library admin, who is also a tuition
applicant and claimant, a promotion candidate, a job applicant and a paid employee. Each
action is tried through the service, the page and the API (no management command decides
any of them); then a second admin (sam, made an admin), the network coordinator (nina, only
while alice is Riverside's sole admin) or the site admin (root) decides instead."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ladder.careers import evaluations as eval_svc
from ladder.core.access import forget_access
from ladder.openings import budgets as budget_svc
from ladder.openings import openings as opening_svc
from ladder.openings.models import Application, EmploymentPay, Opening
from ladder.orgs.models import Role
from ladder.people.models import EducationLevel, Employment
from ladder.tuition import claims as claim_svc
from ladder.tuition import enrolments as enrol_svc
from ladder.tuition import promotions as promo_svc
from ladder.tuition.models import Claim, Enrolment, Programme, ProgrammeBudget, Promotion
from ladder.tuition.repayment import fiscal_year_of
from tests import factories as f
from tests.api.conftest import ApiClient, token_for

pytestmark = pytest.mark.django_db


# --- the world: a Riverside-sponsored programme alice applies to ---------------------------


@pytest.fixture
def programme(world) -> Programme:
    programme = Programme.objects.create(
        name="Riverside grows its own",
        sponsor=world.riverside,
        min_tenure_months=0,
        reimbursement_percent=Decimal("100"),
        cap_per_year=Decimal("5000"),
        cap_lifetime=Decimal("12000"),
        min_grade="B",
        service_months=12,
        degree_levels="50,60",
    )
    programme.libraries.set([world.riverside])
    year = fiscal_year_of(timezone.localdate(), world.riverside.fiscal_year_start_month)
    ProgrammeBudget.objects.create(programme=programme, fiscal_year=year, amount=Decimal("20000"))
    return programme


@pytest.fixture
def application(world, programme) -> Enrolment:
    """alice's own application, waiting for a decision."""
    return enrol_svc.enrolment_apply(
        by=world.alice,
        programme=programme,
        institution="Kent State University",
        degree_level=EducationLevel.MLS,
        field="Library science",
        accredited=True,
        expected_start=dt.date(2024, 8, 25),
        expected_end=dt.date(2026, 5, 15),
    )


def second_admin(world):
    Role.objects.create(person=world.sam, kind=Role.Kind.LIBRARY_ADMIN, library=world.riverside)
    forget_access(world.sam)
    return world.sam


@pytest.fixture
def claim(world, application) -> Claim:
    """alice enrolled (the site admin approved) and claims."""
    enrol_svc.enrolment_approve(by=world.root, enrolment=application)
    application.refresh_from_db()
    assert application.status == Enrolment.Status.ENROLLED
    return claim_svc.claim_submit(
        by=world.alice,
        enrolment=application,
        term="Fall 2024",
        term_ends_on=dt.date(2024, 12, 15),
        courses="LIS 60600",
        credits="3",
        tuition_cost="2000",
    )


def page(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def api(person) -> ApiClient:
    return ApiClient(token_for(person))


def assert_refused(response) -> None:
    assert response.status_code == 403, response.content


def assert_api_refused(response, says: str = "Separation of duties") -> None:
    assert response.status_code == 403, response.content
    assert says in response.json()["error"]["message"]


# --- tuition applications ------------------------------------------------------------------


def test_admin_cannot_approve_own_tuition_application_through_the_service(world, application):
    with pytest.raises(PermissionDenied, match="approve your own tuition application"):
        enrol_svc.enrolment_approve(by=world.alice, enrolment=application)
    with pytest.raises(PermissionDenied, match="No second admin at Riverside"):
        enrol_svc.enrolment_approve(by=world.alice, enrolment=application)
    with pytest.raises(PermissionDenied, match="Separation of duties"):
        enrol_svc.enrolment_refuse(by=world.alice, enrolment=application, note="no")
    application.refresh_from_db()
    assert application.status == Enrolment.Status.APPLIED


def test_admin_cannot_approve_own_tuition_application_through_page_or_api(world, application):
    url = reverse("tuition:enrolment_detail", args=[application.pk])
    client = page(world.alice)
    response = client.get(url)
    assert response.status_code == 200
    assert 'value="approve"' not in response.content.decode()
    assert "No second admin at Riverside Public Library: waiting for the network coordinator" in (
        response.content.decode()
    )
    assert_refused(client.post(url, {"action": "approve"}))
    assert_refused(client.post(url, {"action": "refuse", "note": "x"}))
    assert_api_refused(api(world.alice).post(f"tuition/enrolments/{application.pk}/approve"))
    application.refresh_from_db()
    assert application.status == Enrolment.Status.APPLIED


def test_second_admin_approves_the_application_and_the_page_says_so(world, application):
    sam = second_admin(world)
    listing = page(world.alice).get(reverse("tuition:programme_list")).content.decode()
    assert reverse("tuition:enrolment_detail", args=[application.pk]) not in listing
    listing = page(sam).get(reverse("tuition:programme_list")).content.decode()
    assert reverse("tuition:enrolment_detail", args=[application.pk]) in listing
    assert reverse("tuition:enrolment_detail", args=[application.pk]) not in (
        page(world.nina).get(reverse("tuition:programme_list")).content.decode()
    )
    body = page(world.alice).get(reverse("tuition:enrolment_detail", args=[application.pk]))
    assert "Waiting for another admin of Riverside Public Library" in body.content.decode()
    # the coordinator no longer decides: a second admin exists
    with pytest.raises(PermissionDenied):
        enrol_svc.enrolment_approve(by=world.nina, enrolment=application)
    response = api(sam).post(f"tuition/enrolments/{application.pk}/approve")
    assert response.status_code == 200, response.content
    application.refresh_from_db()
    assert application.status == Enrolment.Status.ENROLLED
    assert application.library_decided_by == sam


def test_coordinator_decides_when_there_is_no_second_admin(world, application):
    client = page(world.nina)
    listing = client.get(reverse("tuition:programme_list"))
    assert listing.status_code == 200
    assert reverse("tuition:enrolment_detail", args=[application.pk]) in listing.content.decode()
    url = reverse("tuition:enrolment_detail", args=[application.pk])
    assert 'value="approve"' in client.get(url).content.decode()
    response = client.post(url, {"action": "approve"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Enrolment.Status.ENROLLED
    assert application.library_decided_by == world.nina


def test_coordinator_does_not_see_other_staffs_applications(world, programme):
    bob_application = Enrolment.objects.create(
        programme=programme,
        person=world.bob,
        library=world.riverside,
        institution="KSU",
        degree_level=EducationLevel.BACHELOR,
        expected_start=dt.date(2024, 1, 1),
        expected_end=dt.date(2026, 1, 1),
    )
    response = page(world.nina).get(reverse("tuition:enrolment_detail", args=[bob_application.pk]))
    assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        enrol_svc.enrolment_approve(by=world.nina, enrolment=bob_application)


def test_site_admin_approves_and_a_site_admin_never_their_own(world, application):
    enrol_svc.enrolment_approve(by=world.root, enrolment=application)
    application.refresh_from_db()
    assert application.status == Enrolment.Status.ENROLLED
    # root as a claimant: root cannot decide root's own
    own = Enrolment.objects.create(
        programme=application.programme,
        person=world.root,
        library=world.riverside,
        institution="KSU",
        degree_level=EducationLevel.MLS,
        expected_start=dt.date(2024, 1, 1),
        expected_end=dt.date(2026, 1, 1),
    )
    with pytest.raises(PermissionDenied, match="Separation of duties"):
        enrol_svc.enrolment_approve(by=world.root, enrolment=own)


def test_admin_cannot_record_own_degree_nor_end_own_enrolment(world, claim):
    enrolment = claim.enrolment
    with pytest.raises(PermissionDenied, match="record your own"):
        enrol_svc.enrolment_complete(
            by=world.alice, enrolment=enrolment, awarded_on=dt.date.today()
        )
    with pytest.raises(PermissionDenied, match="Separation of duties"):
        enrol_svc.enrolment_stop(by=world.alice, enrolment=enrolment, status="ended")
    assert_api_refused(
        api(world.alice).post(
            f"tuition/enrolments/{enrolment.pk}/complete",
            {"awarded_on": dt.date.today().isoformat()},
        )
    )


# --- tuition claims: approve, grade, pay, refuse -------------------------------------------


def test_claimant_admin_cannot_approve_grade_pay_or_refuse_own_claim(world, claim):
    for verb, call in [
        ("approve", lambda: claim_svc.claim_approve(by=world.alice, claim=claim)),
        ("grade", lambda: claim_svc.claim_grade(by=world.alice, claim=claim, grade="A")),
        ("pay", lambda: claim_svc.claim_pay(by=world.alice, claim=claim)),
        ("refuse", lambda: claim_svc.claim_refuse(by=world.alice, claim=claim, reason="x")),
    ]:
        with pytest.raises(PermissionDenied, match=f"{verb} your own tuition claim"):
            call()
    claim.refresh_from_db()
    assert claim.status == Claim.Status.SUBMITTED


def test_claimant_admin_is_refused_on_the_page_and_the_api(world, claim):
    url = reverse("tuition:claim_detail", args=[claim.pk])
    client = page(world.alice)
    body = client.get(url).content.decode()
    assert 'value="approve"' not in body
    assert "Your own claim: you cannot decide it." in body
    assert "waiting for the network coordinator or the site admin" in body
    assert_refused(client.post(url, {"action": "approve"}))
    assert_refused(client.post(url, {"action": "refuse", "reason": "x"}))
    client_api = api(world.alice)
    assert_api_refused(client_api.post(f"tuition/claims/{claim.pk}/approve"))
    assert_api_refused(client_api.post(f"tuition/claims/{claim.pk}/grade", {"grade": "A"}))
    assert_api_refused(client_api.post(f"tuition/claims/{claim.pk}/pay", {"reference": "x"}))
    assert_api_refused(client_api.post(f"tuition/claims/{claim.pk}/refuse", {"reason": "x"}))
    claim.refresh_from_db()
    assert claim.status == Claim.Status.SUBMITTED


def test_claim_approved_graded_and_paid_by_a_second_admin(world, claim):
    sam = second_admin(world)
    url = reverse("tuition:claim_detail", args=[claim.pk])
    assert "Waiting for another admin" in page(world.alice).get(url).content.decode()
    client = page(sam)
    assert client.post(url, {"action": "approve"}).status_code == 302
    assert client.post(url, {"action": "grade", "grade": "A"}).status_code == 302
    response = api(sam).post(f"tuition/claims/{claim.pk}/pay", {"reference": "CHK-1"})
    assert response.status_code == 200, response.content
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PAID
    assert claim.approved_by == sam and claim.paid_by == sam


def test_claim_decided_by_the_coordinator_when_alice_is_the_sole_admin(world, claim):
    claim_svc.claim_approve(by=world.nina, claim=claim)
    claim_svc.claim_grade(by=world.nina, claim=claim, grade="A")
    response = api(world.nina).post(f"tuition/claims/{claim.pk}/pay", {"reference": "CHK"})
    assert response.status_code == 200, response.content
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PAID and claim.paid_by == world.nina


def test_claimant_admin_cannot_correct_own_paid_claim(world, claim):
    from ladder.tuition.corrections import claim_correct

    claim_svc.claim_approve(by=world.nina, claim=claim)
    claim_svc.claim_grade(by=world.nina, claim=claim, grade="A")
    claim_svc.claim_pay(by=world.nina, claim=claim)
    claim.refresh_from_db()
    # An adjustment pays money: the claimant never makes it, on the page or through the service.
    with pytest.raises(PermissionDenied):
        claim_correct(by=world.alice, original=claim, amount="500.00", reason="more")
    url = reverse("tuition:claim_detail", args=[claim.pk])
    assert_refused(
        page(world.alice).post(url, {"action": "correct", "amount": "500", "reason": "more"})
    )
    assert not Claim.objects.filter(corrects=claim).exists()


# --- promotions ----------------------------------------------------------------------------


@pytest.fixture
def own_promotion(world) -> Promotion:
    senior = f.JobClassFactory(name="Senior Librarian", code="senior", network=world.network)
    employment = Employment.objects.get(person=world.alice, library=world.riverside)
    return promo_svc.promotion_propose(
        by=world.alice,
        employment=employment,
        to_job_class=senior,
        effective_date=timezone.localdate() + dt.timedelta(days=10),
    )


def test_admin_cannot_accept_or_decline_own_promotion(world, own_promotion):
    with pytest.raises(PermissionDenied, match="accept your own promotion"):
        promo_svc.promotion_accept(by=world.alice, promotion=own_promotion)
    with pytest.raises(PermissionDenied, match="decline your own promotion"):
        promo_svc.promotion_decline(by=world.alice, promotion=own_promotion)
    url = reverse("tuition:promotion_detail", args=[own_promotion.pk])
    client = page(world.alice)
    body = client.get(url).content.decode()
    assert 'value="accept"' not in body
    assert "waiting for the site admin" in body
    assert_refused(client.post(url, {"action": "accept", "effective_date": "2030-01-01"}))
    assert_api_refused(api(world.alice).post(f"tuition/promotions/{own_promotion.pk}/accept"))
    own_promotion.refresh_from_db()
    assert own_promotion.status == Promotion.Status.PROPOSED


def test_second_admin_or_site_admin_accepts_the_promotion(world, own_promotion):
    # the coordinator does not change employments: it waits for the site admin
    with pytest.raises(PermissionDenied):
        promo_svc.promotion_accept(by=world.nina, promotion=own_promotion)
    sam = second_admin(world)
    response = api(sam).post(f"tuition/promotions/{own_promotion.pk}/accept")
    assert response.status_code == 200, response.content
    own_promotion.refresh_from_db()
    assert own_promotion.status == Promotion.Status.ACCEPTED
    assert own_promotion.decided_by == sam


def test_site_admin_accepts_the_sole_admins_promotion(world, own_promotion):
    url = reverse("tuition:promotion_detail", args=[own_promotion.pk])
    effective = own_promotion.effective_date.isoformat()
    response = page(world.root).post(url, {"action": "accept", "effective_date": effective})
    assert response.status_code == 302
    own_promotion.refresh_from_db()
    assert own_promotion.status == Promotion.Status.ACCEPTED
    assert own_promotion.decided_by == world.root


# --- openings: one's own job application, one's own pay ------------------------------------


@pytest.fixture
def own_job_application(world) -> Application:
    opening = opening_svc.opening_create(
        by=world.alice,
        library=world.riverside,
        # Her own class at another branch: a move, so no eligibility rule stands in the way.
        job_class=world.librarian2,
        weekly_hours=Decimal("40"),
        branch=world.riverside_east,
        schedule="Days",
        benefits_eligible=True,
        reason=Opening.Reason.NEW_POST,
        internal_until=timezone.localdate() + dt.timedelta(days=14),
        competencies=[],
    )
    opening = opening_svc.opening_publish(by=world.alice, opening=opening)
    return Application.objects.create(opening=opening, person=world.alice)


def test_admin_cannot_hire_themselves(world, own_job_application):
    with pytest.raises(PermissionDenied, match="decide your own application"):
        opening_svc.application_decide(
            by=world.alice, application=own_job_application, status="hired"
        )
    url = reverse("openings:detail", args=[own_job_application.opening_id])
    client = page(world.alice)
    body = client.get(url).content.decode()
    assert "Your own application: another admin" in body
    response = client.post(
        url, {"action": "decide", "application": own_job_application.pk, "status": "hired"}
    )
    assert_refused(response)
    own_job_application.refresh_from_db()
    assert own_job_application.status == Application.Status.APPLIED
    sam = second_admin(world)
    opening_svc.application_decide(by=sam, application=own_job_application, status="hired")
    own_job_application.refresh_from_db()
    assert own_job_application.status == Application.Status.HIRED


def test_admin_cannot_set_own_pay(world):
    employment = Employment.objects.get(person=world.alice, library=world.riverside)
    with pytest.raises(PermissionDenied, match="set your own pay"):
        budget_svc.pay_set(by=world.alice, employment=employment, hourly_wage="99")
    url = reverse("openings:pay", args=[employment.pk])
    client = page(world.alice)
    assert_refused(client.get(url))
    assert_refused(client.post(url, {"hourly_wage": "99", "annual_benefits": "0"}))
    budget = client.get(reverse("openings:budget") + f"?library={world.riverside.pk}")
    if budget.status_code == 200:
        assert "Your own pay: another admin" in budget.content.decode()
    response = api(world.alice).put(f"employments/{employment.pk}/pay", {"hourly_wage": "99"})
    assert_api_refused(response)
    assert not EmploymentPay.objects.filter(employment=employment).exists()
    sam = second_admin(world)
    response = api(sam).put(f"employments/{employment.pk}/pay", {"hourly_wage": "31.50"})
    assert response.status_code == 200, response.content
    budget_svc.pay_set(by=world.root, employment=employment, hourly_wage="32")


# --- evaluations ---------------------------------------------------------------------------


def test_admin_cannot_start_own_evaluation_nor_sign_as_own_rater(world):
    sam = second_admin(world)
    with pytest.raises(PermissionDenied, match="start your own evaluation"):
        eval_svc.evaluation_create(
            by=world.alice,
            person=world.alice,
            reviewer=sam,
            period_start=dt.date(2024, 1, 1),
            period_end=dt.date(2024, 12, 31),
        )
    with pytest.raises(PermissionDenied, match="Nobody evaluates themselves"):
        eval_svc.evaluation_create(
            by=world.alice,
            person=world.alice,
            period_start=dt.date(2024, 1, 1),
            period_end=dt.date(2024, 12, 31),
        )
    # alice as her own rater cannot exist: the evaluation_not_self_reviewed constraint
    # sam, a second admin, evaluates alice and signs as rater
    evaluation = eval_svc.evaluation_create(
        by=sam,
        person=world.alice,
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 12, 31),
    )
    eval_svc.evaluation_update(by=sam, evaluation=evaluation, narrative="Good year.")
    eval_svc.evaluation_sign(by=sam, evaluation=evaluation)


# --- learning: a site admin's own training request ------------------------------------------


def test_site_admin_cannot_approve_own_registration_request(world):
    from ladder.learning import registrations as reg_svc
    from ladder.learning.models import Registration
    from tests.learning.conftest import catalogue as catalogue_fixture

    sessions = catalogue_fixture.__wrapped__(world)  # type: ignore[attr-defined]
    session = sessions.riverside_series
    own = Registration.objects.create(
        person=world.root, session=session, status=Registration.Status.REQUESTED
    )
    with pytest.raises(PermissionDenied, match="your own registration"):
        reg_svc.registration_approve(by=world.root, registration=own)
    response = api(world.root).post(f"registrations/{own.pk}/approve")
    assert response.status_code == 403, response.content
    url = reverse("learning:registration_approve", args=[own.pk])
    assert_refused(page(world.root).post(url))
    own.refresh_from_db()
    assert own.status == Registration.Status.REQUESTED
    bob = Registration.objects.create(
        person=world.bob, session=session, status=Registration.Status.REQUESTED
    )
    reg_svc.registration_approve(by=world.root, registration=bob)


# --- network: a coordinator on the temp roster placing themselves ---------------------------


def test_coordinator_cannot_place_themselves_as_a_temp(world, framework):
    from ladder.network import temp
    from ladder.network.models import TempLevel, TempPlacement
    from ladder.skills.models import Competency

    ils = Competency.objects.get(code="ils")
    nina_temp = temp.temp_worker_create(
        by=world.root,
        network=world.network,
        person=world.nina,
        level=TempLevel.PROFESSIONAL,
        available_from=dt.date.today(),
        competencies=[ils],
        home_latitude=Decimal("39.97"),
        home_longitude=Decimal("-83.00"),
    )
    start = dt.date.today() + dt.timedelta(days=14)
    request = temp.temp_request_create(
        by=world.alice,
        library=world.riverside,
        branch=world.riverside_east,
        level=TempLevel.PARAPROFESSIONAL,
        starts_on=start,
        ends_on=start + dt.timedelta(days=20),
        weekly_hours=Decimal("20"),
        competencies=[ils],
        duties="Cover the desk.",
    )
    with pytest.raises(PermissionDenied, match="cannot place yourself"):
        temp.temp_place(by=world.nina, request=request, worker=nina_temp)
    response = api(world.nina).post(
        f"temp-requests/{request.pk}/placements", {"worker_id": nina_temp.pk}
    )
    assert_api_refused(response)
    url = reverse("network:temp_request_detail", args=[request.pk])
    assert_refused(
        page(world.nina).post(
            url,
            {
                "action": "place",
                "worker": nina_temp.pk,
                "starts_on": request.starts_on.isoformat(),
                "ends_on": request.ends_on.isoformat(),
                "weekly_hours": "20",
            },
        )
    )
    assert not TempPlacement.objects.filter(worker=nina_temp).exists()
    temp.temp_place(by=world.root, request=request, worker=nina_temp)
    assert TempPlacement.objects.filter(worker=nina_temp).exists()


# --- learning: a facilitator marking their own attendance (CE hours on their transcript) ----


def test_facilitator_cannot_mark_own_attendance(world):
    from ladder.learning import registrations as reg_svc
    from ladder.learning.models import Registration
    from tests.learning.conftest import catalogue as catalogue_fixture
    from tests.learning.conftest import make_session, register

    sessions = catalogue_fixture.__wrapped__(world)  # type: ignore[attr-defined]
    now = timezone.now()
    session = make_session(
        sessions.network_workshop,
        [(now - dt.timedelta(minutes=30), now + dt.timedelta(hours=2))],
        facilitators=[world.sam, world.carol],
        venue_branch=world.riverside_main,
    )
    own = register(world.sam, session)
    bob = register(world.bob, session)
    with pytest.raises(PermissionDenied, match="your own attendance"):
        reg_svc.attendance_mark(by=world.sam, registration=own, attended=True)
    response = api(world.sam).post(f"registrations/{own.pk}/attendance", {"attended": True})
    assert response.status_code == 403, response.content
    url = reverse("learning:attendance_mark", args=[own.pk])
    assert_refused(page(world.sam).post(url, {"attended": "1"}))
    # marking everyone present leaves the marker out
    assert reg_svc.attendance_mark_all_present(by=world.sam, session=session) == 1
    own.refresh_from_db()
    bob.refresh_from_db()
    assert own.status == Registration.Status.CONFIRMED
    assert bob.status == Registration.Status.ATTENDED
    reg_svc.attendance_mark(by=world.carol, registration=own, attended=True)
    own.refresh_from_db()
    assert own.status == Registration.Status.ATTENDED
