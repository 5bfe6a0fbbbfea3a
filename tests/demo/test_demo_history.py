"""Three years of history in the demo and the statewide generator (issue #15, 6): training in
every recent fiscal year, part-timers and full-timers both trained (part-timers less), degree
promotions with completed enrolments, openings filled, certifications expiring soon, mentors
and tuition programmes for the staff personas; a second seed oversells no session."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Q, Sum
from django.utils import timezone

from ladder.careers.gaps import tuition_programmes_for
from ladder.demo.pls import BUNDLED_DIR, central_locale, locale_code, read_state, survey_file
from ladder.demo.statewide import build_statewide, network_slug
from ladder.learning.models import Feedback, Registration, Session, TrainingRecord
from ladder.openings.models import Application, Opening
from ladder.orgs.models import Library
from ladder.people.models import Credential, Employment, Person
from ladder.reports.periods import fiscal_year_of
from ladder.tuition.models import Claim, Enrolment, Promotion

needs_real_pls = pytest.mark.skipif(
    not survey_file(BUNDLED_DIR, "pls_fy2018_outlets.csv").is_file(),
    reason="survey files not present",
)
PINE = "pinehollowlibrary.example"
MAPLE = "maplecountylibrary.example"


@pytest.fixture
def demo(seeded_demo, db) -> str:
    return seeded_demo


def run_demo() -> None:
    call_command("demo", "--no-serve", stdout=StringIO())


def oversold() -> list[Session]:
    seated = Count("registrations", filter=Q(registrations__status__in=Registration.SEATED))
    return [s for s in Session.objects.annotate(n=seated) if s.n > s.capacity]


def fiscal_years_back(n: int) -> list[int]:
    this = fiscal_year_of(timezone.localdate(), 7)
    return [this - back for back in range(1, n + 1)]


def split_hours(records, jobs) -> tuple[Decimal, Decimal]:
    """Mean transcript hours per current part-timer and full-timer."""
    hours = dict(records.values("person").annotate(h=Sum("hours")).values_list("person", "h"))
    full, part = [], []
    for job in jobs.with_full_time():
        (full if job.full_time else part).append(hours.get(job.person_id, Decimal(0)))
    assert full and part
    return sum(part) / len(part), sum(full) / len(full)


# --- the named demo ---------------------------------------------------------------------------


def test_there_is_attendance_in_each_of_the_last_three_fiscal_years(demo):
    attended = TrainingRecord.objects.filter(registration__status=Registration.Status.ATTENDED)
    years = {fiscal_year_of(day, 7) for day in attended.values_list("completed_on", flat=True)}

    assert set(fiscal_years_back(3)) <= years
    for year in fiscal_years_back(3):
        in_year = [d for d in attended.values_list("completed_on", flat=True)]
        assert sum(fiscal_year_of(d, 7) == year for d in in_year) >= 30, year
    assert Feedback.objects.count() >= 40


def test_part_timers_and_full_timers_both_train_and_part_timers_somewhat_less(demo):
    members = ("maple-county", "pine-hollow", "millbrook-township", "brookfield-college")
    part, full = split_hours(
        TrainingRecord.objects.filter(status="verified"),
        Employment.objects.current().filter(library__slug__in=members),
    )

    assert part > 0 and full > 0
    assert part < full


def test_degree_promotions_have_completed_enrolments_and_paid_claims(demo):
    promotions = Promotion.objects.filter(
        status=Promotion.Status.ACCEPTED,
        reason=Promotion.Reason.DEGREE,
        enrolment__status=Enrolment.Status.COMPLETED,
    ).select_related("from_employment", "new_employment", "enrolment")

    assert promotions.count() >= 5
    for promotion in promotions:
        assert promotion.from_employment.end_date is not None
        assert promotion.from_employment.end_date < promotion.effective_date
        assert promotion.new_employment.start_date == promotion.effective_date
        assert promotion.new_employment.job_class.is_professional
        assert promotion.enrolment.claims.filter(status=Claim.Status.PAID).exists()
        assert promotion.enrolment.credential.status == Credential.Status.AWARDED
    recent = promotions.filter(effective_date__gte=dt.date(fiscal_years_back(3)[-1], 7, 1)).count()
    assert recent >= 4


def test_the_rural_librarys_two_grow_your_own_graduates_are_promoted(demo):
    promoted = set(
        Promotion.objects.filter(
            library__slug="pine-hollow",
            status=Promotion.Status.ACCEPTED,
            reason=Promotion.Reason.DEGREE,
            enrolment__status=Enrolment.Status.COMPLETED,
            to_job_class__code="librarian-ii",
        ).values_list("person__email", flat=True)
    )

    assert promoted == {f"jolene.harper@{PINE}", f"travis.mullins@{PINE}"}
    assert Library.objects.get(slug="pine-hollow").locale.startswith("4")  # rural


def test_assistants_are_in_library_school_now_and_someone_is_stuck(demo):
    enrolled = Enrolment.objects.filter(status=Enrolment.Status.ENROLLED)
    assert {e.person.email for e in enrolled} >= {
        f"kayla.brewer@{PINE}",
        f"imani.foster@{MAPLE}",
    }
    assert all(e.employment.job_class.code == "library-assistant" for e in enrolled)
    # Doug Hensley: the same assistant post for over a decade, no promotion.
    doug = Person.objects.get(email=f"doug.hensley@{MAPLE}")
    (job,) = Employment.objects.filter(person=doug)
    assert job.start_date < timezone.localdate() - dt.timedelta(days=365 * 10)
    assert not Promotion.objects.filter(person=doug).exists()


def test_openings_were_filled_inside_and_outside_and_a_part_time_post_became_full_time(demo):
    filled = Opening.objects.filter(status=Opening.Status.FILLED, library__slug="maple-county")
    hired = Application.objects.filter(opening__in=filled, status=Application.Status.HIRED)

    emails = set(hired.values_list("person__email", flat=True))
    assert {f"tyler.nguyen@{MAPLE}", f"greta.lindholm@{MAPLE}", f"lena.ortiz@{MAPLE}"} <= emails
    assert filled.get(applications__person__email=f"greta.lindholm@{MAPLE}").external_from
    assert not filled.get(applications__person__email=f"tyler.nguyen@{MAPLE}").external_from
    more_hours = filled.get(reason=Opening.Reason.MORE_HOURS)
    lena = more_hours.applications.get().person
    part, full = Employment.objects.filter(person=lena).with_full_time().order_by("start_date")
    assert not part.full_time and full.full_time and part.end_date < full.start_date


def test_certifications_expire_within_ninety_days(demo):
    today = timezone.localdate()
    soon = Credential.objects.filter(
        kind=Credential.Kind.CERTIFICATION,
        expires_on__gte=today,
        expires_on__lte=today + dt.timedelta(days=90),
    )

    assert soon.count() >= 2


def test_every_staff_persona_has_a_tuition_programme_and_there_are_mentors(demo):
    for email in (
        f"claire.donnelly@{MAPLE}",
        f"kayla.brewer@{PINE}",
        "owen.fairbanks@millbrooklibrary.example",
        "megan.fischer@brookfieldcollege.example",
    ):
        person = Person.objects.get(email=email)
        assert tuition_programmes_for(person.pk), email
    mentors = Person.objects.filter(is_mentor=True, interest__teach__isnull=False).distinct()
    assert mentors.count() >= 4
    assert mentors.filter(email=f"harold.jennings@{MAPLE}").exists()


def test_demo_libraries_have_a_locale(demo):
    locales = dict(
        Library.objects.filter(
            slug__in=("maple-county", "pine-hollow", "millbrook-township", "brookfield-college")
        ).values_list("slug", "locale")
    )

    assert locales["pine-hollow"][0] == "4"
    assert locales["maple-county"][0] in "23"
    assert all(locales.values())


def test_seeding_twice_oversells_no_session_and_adds_nothing(demo):
    models = [Registration, TrainingRecord, Feedback, Enrolment, Claim, Promotion, Opening]
    before = {m.__name__: m.objects.count() for m in models}

    run_demo()

    assert oversold() == []
    assert {m.__name__: m.objects.count() for m in models} == before


def test_seeding_again_after_people_cancelled_fills_seats_only_within_capacity(demo):
    """Someone cancels a seat in a full session; the next seed re-registers them through the
    service, which puts them behind the waitlisted person who moved up."""
    full = (
        Session.objects.filter(starts_at__gt=timezone.now())
        .annotate(
            seated=Count("registrations", filter=Q(registrations__status__in=Registration.SEATED)),
            waiting=Count("registrations", filter=Q(registrations__status="waitlisted")),
        )
        .filter(waiting__gt=0)
        .first()
    )
    assert full is not None and full.seated == full.capacity
    seat = full.registrations.filter(status=Registration.Status.CONFIRMED).first()
    Registration.objects.filter(pk=seat.pk).update(status=Registration.Status.CANCELLED)
    # Someone else took the freed seat in the meantime (a registration outside the seed).
    first_waiting = full.registrations.filter(status="waitlisted").order_by("created_at").first()
    Registration.objects.filter(pk=first_waiting.pk).update(status=Registration.Status.CONFIRMED)

    run_demo()

    assert oversold() == []
    again = Registration.objects.get(
        session=full, person=seat.person, status__in=Registration.ACTIVE
    )
    assert again.status == Registration.Status.WAITLISTED


# --- locale from the survey -------------------------------------------------------------------


def test_locale_codes_are_read_and_a_system_takes_its_central_outlets():
    from ladder.demo.pls import PlsOutlet

    def outlet(kind: str, locale: str) -> PlsOutlet:
        return PlsOutlet("X1", "X", kind, "", "", "", None, None, None, None, locale)

    assert locale_code(" 42 ") == "42" and locale_code("-3") == "" and locale_code("99") == ""
    assert central_locale([outlet("BR", "21"), outlet("CE", "32")]) == "32"
    assert central_locale([outlet("BR", "21")]) == "21"
    assert central_locale([]) == ""


# --- the statewide generator ------------------------------------------------------------------


@needs_real_pls
def test_statewide_history_is_built_in_bulk_for_a_limited_state(db):
    result = build_statewide(state="OH", pls_dir=BUNDLED_DIR, limit=12)
    network = result.network
    libraries = Library.objects.filter(memberships__network=network)

    # Locale from each system's central outlet, wherever the survey has it.
    data = read_state(BUNDLED_DIR, "OH")
    expected = {
        row.fscs_key: central_locale(data.outlets.get(row.fscs_key, []))
        for row in data.libraries[:12]
    }
    assert dict(libraries.values_list("fscs_key", "locale")) == expected
    assert sum(bool(v) for v in expected.values()) >= 10

    staff = Employment.objects.filter(library__in=libraries).values("person")
    records = TrainingRecord.objects.filter(person__in=staff)
    years = {fiscal_year_of(d, 7) for d in records.values_list("completed_on", flat=True)}
    assert set(fiscal_years_back(3)) <= years
    part, full = split_hours(
        records,
        Employment.objects.current().filter(library__in=libraries),
    )
    assert 0 < part < full
    assert oversold() == []

    promotions = Promotion.objects.filter(
        library__in=libraries,
        status=Promotion.Status.ACCEPTED,
        reason=Promotion.Reason.DEGREE,
        enrolment__status=Enrolment.Status.COMPLETED,
    )
    assert promotions.count() >= 3
    for promotion in promotions.select_related("from_employment", "new_employment"):
        assert promotion.from_employment.end_date < promotion.effective_date
        assert promotion.new_employment.start_date == promotion.effective_date
    assert Enrolment.objects.filter(
        library__in=libraries, status=Enrolment.Status.ENROLLED
    ).exists()
    assert Claim.objects.filter(enrolment__library__in=libraries, status=Claim.Status.PAID).exists()
    filled = Opening.objects.filter(library__in=libraries, status=Opening.Status.FILLED)
    assert filled.filter(reason=Opening.Reason.MORE_HOURS).exists()
    assert filled.count() >= 10
    assert Feedback.objects.filter(
        registration__session__offering__provider_network=network
    ).exists()


@needs_real_pls
def test_statewide_history_is_removed_with_the_network_on_reset(db):
    build_statewide(state="OH", pls_dir=BUNDLED_DIR, limit=3)
    counts = (Registration.objects.count(), Promotion.objects.count(), Claim.objects.count())

    build_statewide(state="OH", pls_dir=BUNDLED_DIR, limit=3, reset=True)

    assert (
        Registration.objects.count(),
        Promotion.objects.count(),
        Claim.objects.count(),
    ) == counts
    assert Library.objects.filter(slug=f"state-library-{network_slug('OH')}").count() == 1


def test_the_cheapest_path_is_never_empty_for_the_demos_support_staff(demo):
    """Every current page, assistant and technician of the staffed members, against the next
    step of their library's ladder (and Claire against the librarian posts she aims for): the
    path has a session, an e-learning course or a mentor, and a degree gap has a programme."""
    from ladder.careers.gaps import analyse
    from ladder.people.models import JobClass

    jobs = (
        Employment.objects.current()
        .filter(
            library__slug__in=(
                "maple-county",
                "pine-hollow",
                "millbrook-township",
                "brookfield-college",
            ),
            job_class__is_professional=False,
        )
        .select_related("person", "library__ladder", "job_class")
    )
    pairs = []
    for job in jobs:
        steps = list(job.library.ladder.steps.select_related("job_class"))
        classes = [step.job_class for step in steps]
        if job.job_class in classes[:-1]:
            pairs.append((job.person, classes[classes.index(job.job_class) + 1]))
    claire = Person.objects.get(email=f"claire.donnelly@{MAPLE}")
    for code in ("librarian-i", "librarian-ii"):
        pairs.append(
            (claire, JobClass.objects.get(network__slug="ohio-valley", library=None, code=code))
        )
    assert len(pairs) >= 25
    for person, target in pairs:
        analysis = analyse(person, target)
        if analysis.gaps:
            assert analysis.tuition_programmes or any(
                way.sessions or way.elearning or way.mentors for way in analysis.ways
            ), (person, target)
        if any(gap.kind == "education" for gap in analysis.gaps):
            assert analysis.tuition_programmes, (person, target)
