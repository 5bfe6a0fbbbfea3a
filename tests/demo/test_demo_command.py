"""`ladder demo --no-serve`: the demo network's personas, idempotence and the printed logins."""

from __future__ import annotations

import datetime as dt
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from ladder.demo.catalogue import DEMO_PASSWORD
from ladder.demo.personas import NETWORK_SLUG
from ladder.orgs.models import Branch, Library, Membership, Network, Region, Role
from ladder.people.models import (
    Credential,
    EducationLevel,
    Employment,
    JobClass,
    Ladder,
    LadderStep,
    Person,
    PriorExperience,
)

ROLES = [
    "site admin", "network coordinator", "library admin", "supervisor", "staff", "mentor",
    "tuition sponsor",
]  # fmt: skip
MODELS = [
    Network, Region, Library, Membership, Branch, Role, Person, JobClass, Ladder, LadderStep,
    Employment, Credential, PriorExperience,
]  # fmt: skip


def run_demo() -> str:
    out = StringIO()
    call_command("demo", "--no-serve", stdout=out)
    return out.getvalue()


def logins_in(output: str) -> dict[str, str]:
    pattern = re.compile(rf"^\s+({'|'.join(ROLES)})\s+(\S+@\S+)", re.MULTILINE)
    return dict(pattern.findall(output))


@pytest.fixture
def demo(seeded_demo, db) -> str:
    return seeded_demo


def current(library_slug: str):
    return (
        Employment.objects.current()
        .with_full_time()
        .filter(library__slug=library_slug)
        .select_related("job_class", "person")
    )


def test_demo_prints_one_login_per_role_and_each_can_log_in(demo):
    logins = logins_in(demo)

    assert list(logins) == ROLES
    assert f'password "{DEMO_PASSWORD}"' in demo
    for email in logins.values():
        assert Client().login(email=email, password=DEMO_PASSWORD), email


def test_each_printed_login_holds_the_role_it_is_printed_for(demo):
    people = {role: Person.objects.get(email=email) for role, email in logins_in(demo).items()}

    assert people["site admin"].is_superuser
    assert (
        people["network coordinator"]
        .roles.filter(kind=Role.Kind.NETWORK_COORDINATOR, network__slug=NETWORK_SLUG)
        .exists()
    )
    assert people["library admin"].roles.filter(kind=Role.Kind.LIBRARY_ADMIN).exists()
    assert Employment.objects.current().filter(supervisor=people["supervisor"]).count() >= 3
    assert Employment.objects.current().filter(person=people["staff"]).exists()
    assert people["mentor"].is_mentor


def test_running_the_demo_twice_creates_no_duplicates_and_logins_still_work(demo):
    before = {model.__name__: model.objects.count() for model in MODELS}

    output = run_demo()

    assert {model.__name__: model.objects.count() for model in MODELS} == before
    for email in logins_in(output).values():
        assert Client().login(email=email, password=DEMO_PASSWORD)


def test_the_film_studies_assistant_wants_to_become_a_librarian(demo):
    claire = Person.objects.get(email="claire.donnelly@maplecountylibrary.example")

    degree = claire.credentials.get(kind=Credential.Kind.DEGREE)
    assert (degree.degree_level, degree.field, degree.status) == (
        EducationLevel.BACHELOR,
        "Film Studies",
        Credential.Status.AWARDED,
    )
    job = Employment.objects.current().get(person=claire)
    assert job.job_class.code == "library-assistant"
    assert "become a librarian" in claire.bio
    # Several years in academic libraries before.
    assert claire.prior_experience.filter(employer__icontains="university").exists()


@pytest.mark.parametrize("email", ["rosa.delgado", "tyler.nguyen"])
def test_pages_grew_into_library_assistants(demo, email):
    person = Person.objects.get(email=f"{email}@maplecountylibrary.example")

    page, assistant = person.employments.order_by("start_date")
    assert page.job_class.code == "page"
    assert page.end_date is not None and page.end_date < assistant.start_date
    assert assistant.job_class.code == "library-assistant"
    assert assistant.is_current
    assert assistant.supervisor.email == "denise.okafor@maplecountylibrary.example"


def test_the_riverbend_crew_has_a_mentor_who_teaches_everyone(demo):
    crew = current("maple-county").filter(branch__name="Riverbend Branch")
    manager = crew.get(job_class__code="branch-manager").person

    mentors = [e.person for e in crew if e.person.is_mentor]
    assert [m.first_name for m in mentors] == ["Marcus"]
    assert all(e.supervisor_id == manager.pk for e in crew if e.person_id != manager.pk)
    assert crew.filter(job_class__code="page").exists()


def test_the_academic_library_has_three_librarians_and_one_full_time_assistant(demo):
    staff = current("brookfield-college")

    assert sum(e.job_class.is_professional for e in staff) == 3
    full_time_support = [e for e in staff if not e.job_class.is_professional and e.full_time]
    assert [e.person.first_name for e in full_time_support] == ["Megan"]
    megan = full_time_support[0]
    assert "Interlibrary Loan and Reserves" in megan.title
    assert "conference" in megan.person.bio
    # She supervises the student workers.
    assert staff.filter(supervisor=megan.person).count() == 2


def test_the_rural_library_has_two_grow_your_own_graduates_and_one_enrolled(demo):
    staff = current("pine-hollow")

    graduates = []
    for employment in staff.filter(job_class__code="librarian-ii"):
        person = employment.person
        mls = person.credentials.get(degree_level=EducationLevel.MLS)
        earlier = person.employments.filter(end_date__isnull=False, library__slug="pine-hollow")
        assert mls.status == Credential.Status.AWARDED and mls.accredited
        assert mls.awarded_on <= employment.start_date
        assert [e.job_class.code for e in earlier] == ["library-assistant"]
        graduates.append(person.first_name)
    assert sorted(graduates) == ["Jolene", "Travis"]
    enrolled = Credential.objects.filter(
        person__employments__library__slug="pine-hollow",
        degree_level=EducationLevel.MLS,
        status=Credential.Status.IN_PROGRESS,
        accredited=True,
    )
    assert [c.person.first_name for c in enrolled] == ["Kayla"]


def test_the_mostly_part_time_library_has_ten_of_twelve_non_professionals_all_but_one_part_time(
    demo,
):
    staff = list(current("millbrook-township"))
    support = [e for e in staff if not e.job_class.is_professional]

    assert len(staff) == 12
    assert len(support) == 10
    assert sum(not e.full_time for e in support) == 9


def test_one_person_holds_two_part_time_jobs_at_two_libraries(demo):
    jobs = Employment.objects.current().with_full_time().filter(person__first_name="Colin")

    assert len({e.library_id for e in jobs}) == 2
    assert not any(e.full_time for e in jobs)


def test_libraries_adopt_the_template_ladder_and_one_copies_its_own(demo):
    network = Network.objects.get(slug=NETWORK_SLUG)
    template = Ladder.objects.get(network=network, library__isnull=True)
    # The libraries whose staff are in Ladder (members that only send people to workshops have
    # no staff records and no ladder).
    libraries = Library.objects.filter(
        memberships__network=network, employments__isnull=False
    ).distinct()

    assert [s.job_class.name for s in template.steps.all()] == [
        "Page", "Library Assistant", "Library Technician", "Librarian I", "Librarian II",
        "Branch Manager", "Director",
    ]  # fmt: skip
    assert libraries.filter(ladder=template).count() == libraries.count() - 1
    own = Library.objects.get(slug="brookfield-college").ladder
    assert own.library.slug == "brookfield-college" and own.copied_from == template


def test_template_job_classes_carry_their_requirements(demo):
    classes = {
        jc.code: jc for jc in JobClass.objects.filter(network__slug=NETWORK_SLUG, library=None)
    }

    assert classes["page"].min_education == EducationLevel.NONE
    assert classes["library-assistant"].min_education == EducationLevel.SECONDARY
    assert classes["library-technician"].min_education == EducationLevel.ASSOCIATE
    assert classes["librarian-i"].min_education == EducationLevel.BACHELOR
    assert classes["librarian-ii"].requires_accredited
    assert (
        classes["branch-manager"].min_years_experience,
        classes["director"].min_years_experience,
    ) == (3, 5)


def test_every_library_has_an_admin_and_every_membership_has_dates(demo):
    libraries = Library.objects.filter(
        memberships__network__slug=NETWORK_SLUG, employments__isnull=False
    ).distinct()

    for library in libraries:
        assert library.roles.filter(kind=Role.Kind.LIBRARY_ADMIN).exists(), library
    assert Membership.objects.filter(left_on__isnull=False).count() == 1


def test_certifications_have_expiry_dates_and_one_has_lapsed(demo):
    certifications = Credential.objects.filter(kind=Credential.Kind.CERTIFICATION)
    today = dt.date.today()

    # Marcus, Doug and Beth; Earl's (the history's) is up for renewal within 90 days.
    assert certifications.filter(certification_type__name__contains="LSSC").count() == 4
    assert all(c.expires_on for c in certifications)
    assert certifications.filter(expires_on__lt=today).count() == 1


def _years_before(person: Person, day: dt.date) -> float:
    """Years worked before `day`: prior experience plus earlier jobs."""
    spans = [(e.start_date, e.end_date) for e in person.prior_experience.all()]
    spans += [(e.start_date, e.end_date) for e in person.employments.filter(end_date__lt=day)]
    return sum(((end or day) - start).days for start, end in spans if start < day) / 365.25


def test_every_job_in_the_demo_meets_its_requirements_on_its_start_date(demo):
    """The stories are true: nobody holds a job their degrees and experience did not earn."""
    for job in Employment.objects.select_related("job_class", "person"):
        required = job.job_class
        degrees = job.person.credentials.filter(
            kind=Credential.Kind.DEGREE,
            status=Credential.Status.AWARDED,
            awarded_on__lte=job.start_date,
        )
        if required.requires_accredited:
            degrees = degrees.filter(accredited=True)
        best = max((d.degree_level for d in degrees), default=EducationLevel.NONE)
        assert best >= required.min_education, job
        assert _years_before(job.person, job.start_date) >= required.min_years_experience, job
