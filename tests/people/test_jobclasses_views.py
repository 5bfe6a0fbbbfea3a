"""Job class pages: list, detail, create, edit, certification types; permissions and queries."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ladder.core.models import AuditEntry
from ladder.people.models import CertificationType, EducationLevel, JobClass
from tests import factories as f


@pytest.fixture
def riverside_own(world):
    return f.JobClassFactory(name="Outreach Specialist", code="outreach", library=world.riverside)


@pytest.fixture
def hillcrest_own(world):
    return f.JobClassFactory(name="Archives Technician", code="archives", library=world.hillcrest)


def form_data(**extra):
    data = {
        "name": "Librarian I",
        "code": "librarian-i",
        "description": "",
        "min_education": str(EducationLevel.BACHELOR.value),
        "min_years_experience": "0",
    }
    data.update(extra)
    return data


# --- list -----------------------------------------------------------------------------------


def test_list_needs_a_login(world, client):
    response = client.get(reverse("people:jobclass_list"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_staff_see_templates_and_their_librarys_own_classes(
    world, client_for, riverside_own, hillcrest_own
):
    response = client_for(world.bob).get(reverse("people:jobclass_list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Librarian II" in body
    assert "Outreach Specialist" in body
    assert "Archives Technician" not in body
    assert "New job class" not in body


def test_filter_by_library_shows_what_that_library_may_use(
    world, client_for, riverside_own, hillcrest_own
):
    url = reverse("people:jobclass_list") + f"?library={world.hillcrest.pk}"
    body = client_for(world.bob).get(url).content.decode()
    assert "Archives Technician" in body
    assert "Outreach Specialist" not in body
    assert "Page" in body


def test_filter_by_professional(world, client_for):
    url = reverse("people:jobclass_list") + "?professional=yes"
    body = client_for(world.alice).get(url).content.decode()
    assert "Librarian II" in body
    assert "Library Assistant" not in body
    body = client_for(world.alice).get(reverse("people:jobclass_list") + "?professional=no")
    assert "Library Assistant" in body.content.decode()


def test_filter_by_network(world, client_for, riverside_own):
    other = f.NetworkFactory(name="Elsewhere")
    f.JobClassFactory(name="Elsewhere Page", network=other)
    url = reverse("people:jobclass_list") + f"?network={world.network.pk}"
    body = client_for(world.nina).get(url).content.decode()
    assert "Outreach Specialist" in body
    assert "Elsewhere Page" not in body


def _list_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_list_runs_the_same_number_of_queries_for_5_and_50_classes(world, client_for, settings):
    settings.PAGE_SIZE = 100
    client = client_for(world.alice)
    url = reverse("people:jobclass_list")
    cert = CertificationType.objects.create(name="LSSC")

    def add(n):
        for _ in range(n):
            job_class = f.JobClassFactory(network=world.network)
            job_class.required_certifications.add(cert)
            f.JobClassFactory(library=world.riverside)

    add(1)  # 4 world templates + 1 = 5 templates (and a library class)
    few = _list_queries(client, url)
    add(45)
    assert JobClass.objects.count() >= 50
    many = _list_queries(client, url)
    assert few == many


# --- detail ---------------------------------------------------------------------------------


def test_detail_shows_requirements_in_plain_words_and_ladders(world, client_for):
    ladder = f.LadderFactory(name="Buckeye career ladder", network=world.network)
    f.LadderStepFactory(ladder=ladder, job_class=world.page, position=1)
    f.LadderStepFactory(ladder=ladder, job_class=world.manager, position=2)
    body = client_for(world.bob).get(world.manager.get_absolute_url()).content.decode()
    assert "MLS/MLIS" in body
    assert "3 years of experience" in body
    assert "Buckeye career ladder" in body
    assert "Step 2 of 2" in body
    body = client_for(world.bob).get(world.librarian2.get_absolute_url()).content.decode()
    assert "MLS/MLIS from an ALA-accredited programme" in body


def test_employment_count_is_shown_to_admins_only(world, client_for):
    url = world.page.get_absolute_url()
    assert "1 current employment " in client_for(world.alice).get(url).content.decode()
    body = client_for(world.bob).get(url).content.decode()
    assert "current employment" not in body
    assert "Edit Page" not in body


def test_other_librarys_admin_may_read_riversides_own_class_but_not_edit_it(
    world, client_for, riverside_own
):
    body = client_for(world.carol).get(riverside_own.get_absolute_url()).content.decode()
    assert "Outreach Specialist" in body
    assert "Edit Outreach Specialist" not in body


def test_detail_of_a_missing_class_is_404(world, client_for):
    response = client_for(world.alice).get(reverse("people:jobclass_detail", args=[999999]))
    assert response.status_code == 404


# --- create ---------------------------------------------------------------------------------


def test_staff_cannot_open_or_post_the_create_form(world, client_for):
    client = client_for(world.bob)
    assert client.get(reverse("people:jobclass_create")).status_code == 403
    response = client.post(
        reverse("people:jobclass_create"), form_data(owner=f"library:{world.riverside.pk}")
    )
    assert response.status_code == 403
    assert not JobClass.objects.filter(code="librarian-i").exists()


def test_library_admin_creates_an_own_class(world, client_for):
    cert = CertificationType.objects.create(name="LSSC")
    client = client_for(world.alice)
    assert client.get(reverse("people:jobclass_create")).status_code == 200
    response = client.post(
        reverse("people:jobclass_create"),
        form_data(
            owner=f"library:{world.riverside.pk}",
            min_years_experience="2",
            required_certifications=[str(cert.pk)],
        ),
    )
    job_class = JobClass.objects.get(code="librarian-i")
    assert response.status_code == 302
    assert response["Location"] == job_class.get_absolute_url()
    assert job_class.library == world.riverside
    assert job_class.min_years_experience == Decimal("2")
    assert list(job_class.required_certifications.all()) == [cert]


def test_create_form_offers_only_the_users_own_owners(world, client_for):
    body = client_for(world.alice).get(reverse("people:jobclass_create")).content.decode()
    assert "Riverside Public Library (the library" in body
    assert "Hillcrest College Library (the library" not in body
    assert "network template)" not in body


def test_library_admin_cannot_post_a_class_for_another_library(world, client_for):
    response = client_for(world.carol).post(
        reverse("people:jobclass_create"), form_data(owner=f"library:{world.riverside.pk}")
    )
    # The choice is not offered to carol, so the form refuses it on the field.
    assert response.status_code == 200
    assert "owner" in response.context["form"].errors
    assert not JobClass.objects.filter(code="librarian-i").exists()


def test_duplicate_code_shows_an_error_on_the_code_field(world, client_for):
    response = client_for(world.nina).post(
        reverse("people:jobclass_create"),
        form_data(owner=f"network:{world.network.pk}", code="page"),
    )
    assert response.status_code == 200
    assert "already used" in response.context["form"].errors["code"][0]
    assert JobClass.objects.filter(code="page").count() == 1


# --- edit -----------------------------------------------------------------------------------


def test_other_library_admin_gets_403_on_riversides_own_class(world, client_for, riverside_own):
    url = reverse("people:jobclass_update", args=[riverside_own.pk])
    client = client_for(world.carol)
    assert client.get(url).status_code == 403
    assert client.post(url, form_data(name="Hijacked", code="outreach")).status_code == 403
    riverside_own.refresh_from_db()
    assert riverside_own.name == "Outreach Specialist"


def test_coordinator_gets_403_on_a_librarys_own_class(world, client_for, riverside_own):
    url = reverse("people:jobclass_update", args=[riverside_own.pk])
    assert client_for(world.nina).get(url).status_code == 403


def test_coordinator_edits_a_template(world, client_for):
    url = reverse("people:jobclass_update", args=[world.assistant.pk])
    client = client_for(world.nina)
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        form_data(
            name="Library Assistant",
            code="library-assistant",
            min_education=str(EducationLevel.ASSOCIATE.value),
            min_years_experience="1",
        ),
    )
    assert response.status_code == 302
    world.assistant.refresh_from_db()
    assert world.assistant.min_education == EducationLevel.ASSOCIATE


def test_edit_with_bad_input_names_the_field_and_saves_nothing(world, client_for):
    url = reverse("people:jobclass_update", args=[world.assistant.pk])
    response = client_for(world.nina).post(
        url,
        form_data(
            name="Library Assistant",
            code="library-assistant",
            requires_accredited="on",
            min_education=str(EducationLevel.BACHELOR.value),
        ),
    )
    assert response.status_code == 200
    assert "requires_accredited" in response.context["form"].errors
    world.assistant.refresh_from_db()
    assert not world.assistant.requires_accredited


def test_edit_of_a_missing_class_is_404(world, client_for):
    assert (
        client_for(world.nina).get(reverse("people:jobclass_update", args=[999999])).status_code
        == 404
    )


# --- certification types --------------------------------------------------------------------


def test_staff_cannot_add_certification_types(world, client_for):
    url = reverse("people:certificationtype_create")
    assert client_for(world.bob).get(url).status_code == 403
    assert client_for(world.bob).post(url, {"name": "LSSC"}).status_code == 403


def test_admin_adds_a_certification_type_and_returns_to_the_form(world, client_for):
    back = reverse("people:jobclass_create")
    response = client_for(world.alice).post(
        reverse("people:certificationtype_create"), {"name": "LSSC", "next": back}
    )
    assert response.status_code == 302
    assert response["Location"] == back
    assert CertificationType.objects.filter(name="LSSC").exists()


def test_certification_type_form_ignores_an_offsite_next(world, client_for):
    response = client_for(world.alice).post(
        reverse("people:certificationtype_create"),
        {"name": "LSSC", "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("people:jobclass_list")


def test_a_lone_owner_choice_is_preselected_and_a_query_string_preselects_one(world, client_for):
    form = client_for(world.alice).get(reverse("people:jobclass_create")).context["form"]
    assert form["owner"].value() == f"library:{world.riverside.pk}"
    url = reverse("people:jobclass_create") + f"?network={world.network.pk}"
    form = client_for(world.root).get(url).context["form"]
    assert form["owner"].value() == f"network:{world.network.pk}"


def test_editing_certifications_through_the_page_is_audited(world, client_for):
    cert = CertificationType.objects.create(name="LSSC")
    url = reverse("people:jobclass_update", args=[world.assistant.pk])
    client_for(world.nina).post(
        url,
        form_data(
            name="Library Assistant",
            code="library-assistant",
            min_education=str(EducationLevel.SECONDARY.value),
            required_certifications=[str(cert.pk)],
        ),
    )
    entry = AuditEntry.objects.get(action="people.jobclass.updated")
    assert entry.changes == {"required_certifications": [[], ["LSSC"]]}
