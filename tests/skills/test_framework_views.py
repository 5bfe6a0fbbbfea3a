"""Framework pages: reading, creating and editing, import and export, the admin, query counts."""

import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ladder.skills import frameworks as fw
from ladder.skills.models import (
    Area,
    Competency,
    Evidence,
    ExternalScheme,
    ExternalTag,
    Framework,
    JobClassCompetency,
    Level,
)
from tests import factories as f

LEVEL_POST = {
    "levels-TOTAL_FORMS": "4",
    "levels-INITIAL_FORMS": "0",
    "levels-MIN_NUM_FORMS": "0",
    "levels-MAX_NUM_FORMS": "11",
    "levels-0-value": "0",
    "levels-0-name": "None",
    "levels-1-value": "1",
    "levels-1-name": "Some",
    "levels-2-value": "2",
    "levels-2-name": "Much",
    "levels-2-description": "Does it alone",
}


@pytest.fixture
def buckeye(world):
    return fw.framework_create(
        by=world.nina,
        network=world.network,
        name="Buckeye skills",
        slug="buckeye",
        levels=[(0, "None", ""), (1, "Some", ""), (2, "Much", "")],
    )


# --- reading --------------------------------------------------------------------------------


def test_anyone_logged_in_reads_frameworks_and_competencies(world, framework, client_for):
    client = client_for(world.bob)
    listing = client.get(reverse("skills:framework_list")).content.decode()
    assert "Test framework" in listing and "Default" in listing
    assert reverse("skills:framework_create") not in listing
    detail = client.get(framework.get_absolute_url()).content.decode()
    assert "Reference and information services" in detail and "4 Expert" not in detail
    assert "Proficient" in detail
    assert reverse("skills:framework_update", args=[framework.pk]) not in detail
    competency = framework.competencies.get(code="ils")
    page = client.get(competency.get_absolute_url())
    assert page.status_code == 200
    assert "Ils" in page.content.decode()


def test_pages_need_a_login(framework, client):
    for url in (reverse("skills:framework_list"), framework.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_unknown_framework_is_404(world, client_for):
    assert (
        client_for(world.bob).get(reverse("skills:framework_detail", args=[999])).status_code == 404
    )


def test_nav_has_a_competencies_entry(world, client_for):
    body = client_for(world.bob).get(reverse("home")).content.decode()
    assert f'href="{reverse("skills:framework_list")}"' in body and "Competencies" in body


def test_detail_filters_competencies_by_external_tag(world, framework, client_for):
    scheme = ExternalScheme.objects.create(name="LSSC", slug="lssc")
    tag = ExternalTag.objects.create(scheme=scheme, code="technology", name="Technology")
    framework.competencies.get(code="ils").external_tags.add(tag)
    body = client_for(world.bob).get(framework.get_absolute_url(), {"tag": tag.pk}).content.decode()
    assert ">Ils<" in body and ">Circulation<" not in body


def test_competency_page_lists_job_classes_requiring_it(world, framework, client_for):
    competency = framework.competencies.get(code="circulation")
    JobClassCompetency.objects.create(job_class=world.page, competency=competency, level=2)
    body = client_for(world.bob).get(competency.get_absolute_url()).content.decode()
    assert "Page" in body and "2 Working" in body


# --- creating and editing -------------------------------------------------------------------


def test_bob_cannot_create_frameworks(world, client_for):
    client = client_for(world.bob)
    url = reverse("skills:framework_create")
    assert client.get(url).status_code == 403
    post = {"owner": str(world.network.pk), "name": "Mine", "slug": "mine", **LEVEL_POST}
    assert client.post(url, post).status_code == 403
    assert not Framework.objects.exists()


def test_nina_creates_her_networks_framework_on_the_page(world, client_for):
    client = client_for(world.nina)
    page = client.get(reverse("skills:framework_create")).content.decode()
    assert "Aware" in page  # the usual scale is offered to start from
    post = {"owner": str(world.network.pk), "name": "Buckeye", "slug": "buckeye", **LEVEL_POST}
    response = client.post(reverse("skills:framework_create"), post)
    framework = Framework.objects.get(slug="buckeye")
    assert response.status_code == 302 and response["Location"] == framework.get_absolute_url()
    assert framework.network == world.network
    assert list(framework.levels.values_list("value", "name", "description")) == [
        (0, "None", ""),
        (1, "Some", ""),
        (2, "Much", "Does it alone"),
    ]


def test_nina_cannot_create_a_shared_framework_on_the_page(world, client_for):
    post = {"owner": "", "name": "Shared", "slug": "shared", **LEVEL_POST}
    assert client_for(world.nina).post(reverse("skills:framework_create"), post).status_code == 403


def test_a_bad_scale_is_shown_on_the_page(world, client_for):
    post = {
        "owner": str(world.network.pk),
        "name": "B",
        "slug": "b",
        **LEVEL_POST,
        "levels-1-value": "0",
    }
    response = client_for(world.nina).post(reverse("skills:framework_create"), post)
    assert response.status_code == 200
    assert "The value 0 appears twice in the scale." in response.content.decode()
    assert not Framework.objects.exists()


def test_nina_edits_her_framework_but_not_the_shared_default(world, framework, buckeye, client_for):
    client = client_for(world.nina)
    shared = reverse("skills:framework_update", args=[framework.pk])
    assert client.get(shared).status_code == 403
    assert client.post(shared, {"name": "Hijacked", "slug": "x", **LEVEL_POST}).status_code == 403
    framework.refresh_from_db()
    assert framework.name == "Test framework"

    own = reverse("skills:framework_update", args=[buckeye.pk])
    page = client.get(own).content.decode()
    assert "Much" in page and "is_default" not in page  # only site admins choose the default
    post = {
        "name": "Buckeye skills",
        "slug": "buckeye",
        "description": "New words",
        **LEVEL_POST,
        "levels-TOTAL_FORMS": "3",
        "levels-INITIAL_FORMS": "3",
    }
    assert client.post(own, post).status_code == 302
    buckeye.refresh_from_db()
    assert buckeye.description == "New words"


def test_removing_a_used_level_is_refused_on_the_page(world, buckeye, client_for):
    area = Area.objects.create(framework=buckeye, code="a", name="A")
    competency = Competency.objects.create(framework=buckeye, area=area, code="c", name="C")
    JobClassCompetency.objects.create(job_class=world.page, competency=competency, level=2)
    post = {
        "name": "Buckeye skills",
        "slug": "buckeye",
        **LEVEL_POST,
        "levels-2-name": "",
        "levels-2-value": "",
    }
    response = client_for(world.nina).post(
        reverse("skills:framework_update", args=[buckeye.pk]), post
    )
    assert response.status_code == 200
    assert "2 Much cannot be removed" in response.content.decode()
    assert buckeye.levels.filter(value=2).exists()


def test_areas_and_competencies_are_added_and_edited_on_pages(world, buckeye, client_for):
    client = client_for(world.nina)
    response = client.post(
        reverse("skills:area_create", args=[buckeye.pk]),
        {"code": "tech", "name": "Technology", "position": "0"},
    )
    area = Area.objects.get(framework=buckeye, code="tech")
    assert response.status_code == 302
    response = client.post(
        reverse("skills:competency_create", args=[buckeye.pk]),
        {"area": area.pk, "code": "ils", "name": "ILS", "position": "0"},
    )
    competency = Competency.objects.get(framework=buckeye, code="ils")
    assert response["Location"] == competency.get_absolute_url()
    # A duplicate code is shown on the code field.
    response = client.post(
        reverse("skills:competency_create", args=[buckeye.pk]),
        {"area": area.pk, "code": "ils", "name": "Again", "position": "1"},
    )
    assert response.status_code == 200
    assert "already has a competency with the code" in response.content.decode()
    assert Competency.objects.filter(framework=buckeye).count() == 1
    response = client.post(
        reverse("skills:competency_update", args=[competency.pk]),
        {"area": area.pk, "code": "ils", "name": "The ILS", "position": "0"},
    )
    assert response.status_code == 302
    competency.refresh_from_db()
    assert competency.name == "The ILS"
    response = client.post(
        reverse("skills:area_update", args=[area.pk]),
        {"code": "tech", "name": "Tech", "position": "1"},
    )
    area.refresh_from_db()
    assert (response.status_code, area.name) == (302, "Tech")


def test_nina_and_alice_cannot_change_the_shared_frameworks_parts(world, framework, client_for):
    area = framework.areas.first()
    competency = framework.competencies.first()
    urls = [
        reverse("skills:area_create", args=[framework.pk]),
        reverse("skills:area_update", args=[area.pk]),
        reverse("skills:competency_create", args=[framework.pk]),
        reverse("skills:competency_update", args=[competency.pk]),
        reverse("skills:framework_import", args=[framework.pk]),
        reverse("skills:framework_import_preview", args=[framework.pk]),
    ]
    for person in (world.nina, world.alice, world.carol, world.bob):
        client = client_for(person)
        for url in urls:
            assert client.get(url).status_code == 403, (person, url)
        assert client.post(urls[0], {"code": "x", "name": "X", "position": "0"}).status_code == 403
        commit = reverse("skills:framework_import_commit", args=[framework.pk])
        assert client.post(commit, {"token": "x"}).status_code == 403
    assert not Area.objects.filter(code="x").exists()


# --- import and export pages ----------------------------------------------------------------


def upload(client, framework, content, name="competencies.csv"):
    file = io.BytesIO(content)
    file.name = name
    return client.post(reverse("skills:framework_import", args=[framework.pk]), {"file": file})


def test_import_pages_preview_bad_rows_and_offer_no_commit(world, buckeye, client_for):
    client = client_for(world.nina)
    page = client.get(reverse("skills:framework_import", args=[buckeye.pk])).content.decode()
    assert "area_code" in page and "external_tags" in page
    bad = b"area_code,area_name,competency_code,competency_name\nx,X,c,C\nx,X,c,\n"
    response = upload(client, buckeye, bad)
    assert response["Location"] == reverse("skills:framework_import_preview", args=[buckeye.pk])
    preview = client.get(response["Location"]).content.decode()
    assert "Duplicate competency code c: line 2 has it too." in preview
    assert "Missing name." in preview
    assert "Commit import" not in preview
    assert not Competency.objects.filter(framework=buckeye).exists()


def test_import_pages_commit_a_good_file(world, buckeye, client_for):
    client = client_for(world.nina)
    good = b"area_code,area_name,competency_code,competency_name\nx,X,c,C\nx,X,d,D\n"
    upload(client, buckeye, good)
    preview = client.get(reverse("skills:framework_import_preview", args=[buckeye.pk]))
    assert "Commit import" in preview.content.decode()
    token = preview.context["token"]
    commit = reverse("skills:framework_import_commit", args=[buckeye.pk])
    response = client.post(commit, {"token": token})
    assert response.status_code == 302 and response["Location"] == buckeye.get_absolute_url()
    assert set(Competency.objects.filter(framework=buckeye).values_list("code", flat=True)) == {
        "c",
        "d",
    }
    # The pending upload is gone: committing again starts over.
    again = client.post(commit, {"token": token})
    assert again["Location"] == reverse("skills:framework_import", args=[buckeye.pk])


def test_an_unreadable_file_is_shown_on_the_file_field(world, buckeye, client_for):
    response = upload(client_for(world.nina), buckeye, b"hello", name="notes.txt")
    assert response.status_code == 200
    assert "Upload a .csv or .xlsx file" in response.content.decode()


def test_anyone_exports_csv_and_xlsx(world, framework, client_for):
    client = client_for(world.bob)
    url = reverse("skills:framework_export", args=[framework.pk])
    as_csv = client.get(url, {"format": "csv"})
    assert as_csv["Content-Type"].startswith("text/csv")
    assert "test-framework-competencies.csv" in as_csv["Content-Disposition"]
    assert b"reference-interview" in as_csv.content
    as_xlsx = client.get(url, {"format": "xlsx"})
    workbook = openpyxl.load_workbook(io.BytesIO(as_xlsx.content))
    assert workbook.sheetnames == ["competencies", "levels"]
    assert client.get(url, {"format": "pdf"}).status_code == 400


# --- query counts ---------------------------------------------------------------------------


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _grow(framework, count, tag):
    area = framework.areas.first()
    start = Competency.objects.count()
    for index in range(start, start + count):
        competency = Competency.objects.create(
            framework=framework, area=area, code=f"more-{index}", name=f"More {index}"
        )
        competency.external_tags.add(tag)


@pytest.fixture
def tag(db):
    scheme = ExternalScheme.objects.create(name="LSSC", slug="lssc")
    return ExternalTag.objects.create(scheme=scheme, code="technology", name="Technology")


def test_framework_detail_runs_the_same_queries_for_5_and_50_competencies(
    world, framework, tag, client_for
):
    client = client_for(world.alice)
    framework.competencies.filter(code="ils").delete()  # the fixture's 6, less one: 5
    five = _queries(client, framework.get_absolute_url())
    _grow(framework, 45, tag)
    assert framework.competencies.count() == 50
    assert _queries(client, framework.get_absolute_url()) == five
    assert _queries(client, framework.get_absolute_url() + f"?tag={tag.pk}") == five


def test_framework_list_runs_the_same_queries_for_5_and_50_frameworks(
    world, framework, tag, client_for, settings
):
    settings.PAGE_SIZE = 100
    client = client_for(world.nina)

    def add(count):
        for _ in range(count):
            n = Framework.objects.count()
            other = Framework.objects.create(name=f"F{n}", slug=f"f{n}", network=world.network)
            Level.objects.create(framework=other, value=0, name="None")
            area = Area.objects.create(framework=other, code="a", name="A")
            Competency.objects.create(framework=other, area=area, code="c", name="C")

    add(4)
    five = _queries(client, reverse("skills:framework_list"))
    add(45)
    _grow(framework, 45, tag)
    assert _queries(client, reverse("skills:framework_list")) == five


def test_competency_page_runs_the_same_queries_for_5_and_50_job_classes(
    world, framework, client_for, settings
):
    settings.PAGE_SIZE = 100
    client = client_for(world.alice)
    competency = framework.competencies.get(code="ils")

    def add(count):
        for _ in range(count):
            job_class = f.JobClassFactory(network=world.network)
            JobClassCompetency.objects.create(job_class=job_class, competency=competency, level=2)

    add(5)
    five = _queries(client, competency.get_absolute_url())
    add(45)
    assert _queries(client, competency.get_absolute_url()) == five


# --- the admin ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "model",
    [
        "framework",
        "level",
        "area",
        "competency",
        "externalscheme",
        "externaltag",
        "jobclasscompetency",
        "rating",
        "evidence",
        "hat",
        "hatrequirement",
        "hatassignment",
        "interest",
    ],
)
def test_site_admin_opens_each_skills_admin_list(world, framework, client_for, model):
    response = client_for(world.root).get(reverse(f"admin:skills_{model}_changelist"), {"q": "a"})
    assert response.status_code == 200


def test_the_admin_cannot_add_change_or_delete_evidence(world, framework, client_for):
    evidence = Evidence.objects.create(
        person=world.bob, competency=framework.competencies.first(), kind="self", level=2
    )
    client = client_for(world.root)
    assert client.get(reverse("admin:skills_evidence_add")).status_code == 403
    change = reverse("admin:skills_evidence_change", args=[evidence.pk])
    assert client.get(change).status_code == 200  # viewable
    client.post(change, {"level": "4", "kind": "self"})
    delete = reverse("admin:skills_evidence_delete", args=[evidence.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    evidence.refresh_from_db()
    assert evidence.level == 2
