"""The rate page, the evidence log and its files: who may see and use them; the log stays as is."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ladder.skills.models import Evidence, JobClassCompetency, Rating
from ladder.skills.ratings import evidence_record

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"


@pytest.fixture
def ils(framework):
    return framework.competencies.get(code="ils")


@pytest.fixture
def circ(framework):
    return framework.competencies.get(code="circulation")


@pytest.fixture
def bobs_file(world, ils):
    upload = SimpleUploadedFile("ils-certificate.pdf", PDF, content_type="application/pdf")
    return evidence_record(
        by=world.bob, person=world.bob, competency=ils, kind="self", level=2, upload=upload
    )


def rate_url(person, competency=None):
    url = reverse("skills:rate", args=[person.pk])
    return f"{url}?competency={competency.pk}" if competency else url


# --- the rate page: self-assessment --------------------------------------------------------


def test_bob_rates_himself_in_what_his_job_requires(world, client_for, ils, circ):
    JobClassCompetency.objects.create(job_class=world.page, competency=ils, level=2)
    JobClassCompetency.objects.create(job_class=world.page, competency=circ, level=2)
    client = client_for(world.bob)
    page = client.get(rate_url(world.bob))
    assert page.status_code == 200
    assert "Rate your skills" in page.content.decode()
    assert [form.row.competency for form in page.context["forms"]] == [ils, circ]
    response = client.post(
        rate_url(world.bob),
        {
            f"c{ils.pk}-level": "3",
            f"c{ils.pk}-note": "I run the holds queue.",
            f"c{circ.pk}-level": "",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("skills:profile", args=[world.bob.pk])
    evidence = Evidence.objects.get()
    assert (evidence.kind, evidence.level, evidence.note) == ("self", 3, "I run the holds queue.")
    assert not Rating.objects.filter(competency=circ).exists()


def test_a_level_outside_the_scale_shows_on_the_field_and_saves_nothing(world, client_for, ils):
    response = client_for(world.bob).post(rate_url(world.bob, ils), {f"c{ils.pk}-level": "7"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Evidence.objects.exists()


def test_a_note_without_a_level_is_refused(world, client_for, ils):
    response = client_for(world.bob).post(
        rate_url(world.bob, ils), {f"c{ils.pk}-level": "", f"c{ils.pk}-note": "hello"}
    )
    assert "Choose a level to go with the note or file." in response.content.decode()
    assert not Evidence.objects.exists()


def test_submitting_no_level_at_all_says_so(world, client_for, ils):
    response = client_for(world.bob).post(rate_url(world.bob, ils), {f"c{ils.pk}-level": ""})
    assert "Choose a level for at least one competency." in response.content.decode()


def test_rating_one_competency_takes_a_file(world, client_for, ils, settings):
    upload = SimpleUploadedFile("work.pdf", PDF, content_type="application/pdf")
    response = client_for(world.bob).post(
        rate_url(world.bob, ils), {f"c{ils.pk}-level": "2", f"c{ils.pk}-file": upload}
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.file_name == "work.pdf"


def test_a_bad_file_is_refused_on_the_file_field(world, client_for, ils, settings):
    upload = SimpleUploadedFile("work.pdf", b"MZ\x90\x00", content_type="application/pdf")
    response = client_for(world.bob).post(
        rate_url(world.bob, ils), {f"c{ils.pk}-level": "2", f"c{ils.pk}-file": upload}
    )
    assert response.status_code == 200
    assert "The file&#x27;s content is not a PDF file." in response.content.decode()
    assert not Evidence.objects.exists()
    assert not any(settings.MEDIA_ROOT.rglob("*.pdf"))


# --- the rate page: supervisor assessment --------------------------------------------------


def test_sam_assesses_bob(world, client_for, ils):
    evidence_record(by=world.bob, person=world.bob, competency=ils, kind="self", level=4)
    client = client_for(world.sam)
    page = client.get(rate_url(world.bob, ils))
    assert "Assess Bob Page" in page.content.decode()
    assert "Their own assessment: 4 Expert" in page.content.decode()
    client.post(rate_url(world.bob, ils), {f"c{ils.pk}-level": "2", f"c{ils.pk}-note": "Not yet"})
    rating = Rating.objects.get(person=world.bob, competency=ils)
    assert (rating.level, rating.source, rating.self_level) == (2, "supervisor", 4)


def test_sam_cannot_reach_daves_rate_page(world, client_for, ils):
    client = client_for(world.sam)
    assert client.get(rate_url(world.dave)).status_code == 404
    assert client.post(rate_url(world.dave, ils), {f"c{ils.pk}-level": "1"}).status_code == 404
    assert not Evidence.objects.exists()


def test_bob_cannot_reach_sams_rate_page(world, client_for, ils):
    client = client_for(world.bob)
    assert client.post(rate_url(world.sam, ils), {f"c{ils.pk}-level": "1"}).status_code == 404
    assert not Evidence.objects.exists()


def test_a_library_admin_outside_the_chain_may_look_but_not_assess(
    world, client_for, ils, riverside_admin
):
    client = client_for(riverside_admin)
    assert client.get(reverse("skills:profile", args=[world.bob.pk])).status_code == 200
    assert client.get(rate_url(world.bob)).status_code == 403
    assert client.post(rate_url(world.bob, ils), {f"c{ils.pk}-level": "1"}).status_code == 403
    assert not Evidence.objects.exists()


def test_alice_in_the_chain_assesses_bob(world, client_for, ils):
    response = client_for(world.alice).post(rate_url(world.bob, ils), {f"c{ils.pk}-level": "1"})
    assert response.status_code == 302
    assert Evidence.objects.get().kind == "supervisor"


def test_carol_cannot_reach_bobs_rate_page(world, client_for, ils):
    client = client_for(world.carol)
    assert client.get(rate_url(world.bob)).status_code == 404
    assert client.post(rate_url(world.bob, ils), {f"c{ils.pk}-level": "1"}).status_code == 404


def test_an_unknown_competency_is_a_404(world, client_for):
    client = client_for(world.bob)
    assert client.get(rate_url(world.bob) + "?competency=99999").status_code == 404
    assert client.get(rate_url(world.bob) + "?competency=abc").status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(world, ils):
    from django.test import Client

    response = Client().get(rate_url(world.bob))
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


# --- the evidence log ----------------------------------------------------------------------


def test_the_log_lists_entries_newest_first_with_who_what_and_note(world, client_for, ils, circ):
    evidence_record(by=world.bob, person=world.bob, competency=ils, kind="self", level=1)
    evidence_record(
        by=world.sam, person=world.bob, competency=circ, kind="supervisor", level=3, note="Solid"
    )
    page = client_for(world.bob).get(reverse("skills:evidence_log", args=[world.bob.pk]))
    html = page.content.decode()
    assert html.index("Supervisor assessment") < html.index("Self-assessment")
    assert "3 Proficient" in html and "Sam Super" in html and "Solid" in html


def test_the_log_filters_by_competency(world, client_for, ils, circ):
    evidence_record(by=world.bob, person=world.bob, competency=ils, kind="self", level=1)
    evidence_record(by=world.bob, person=world.bob, competency=circ, kind="self", level=3)
    url = reverse("skills:evidence_log", args=[world.bob.pk]) + f"?competency={circ.pk}"
    page = client_for(world.sam).get(url)
    assert list(page.context["object_list"].values_list("competency", flat=True)) == [circ.pk]


@pytest.mark.parametrize(
    ("viewer", "subject", "status"),
    [
        ("bob", "bob", 200),
        ("sam", "bob", 200),
        ("alice", "bob", 200),
        ("root", "bob", 200),
        ("carol", "bob", 404),
        ("dave", "bob", 404),
        ("nina", "bob", 404),
        ("bob", "sam", 404),
        ("sam", "dave", 404),
    ],
)
def test_who_sees_the_log(world, client_for, viewer, subject, status):
    url = reverse("skills:evidence_log", args=[getattr(world, subject).pk])
    assert client_for(getattr(world, viewer)).get(url).status_code == status


@pytest.mark.parametrize(
    ("viewer", "status"),
    [("bob", 200), ("sam", 200), ("alice", 200), ("carol", 404), ("dave", 404), ("nina", 404)],
)
def test_who_downloads_an_evidence_file(world, client_for, bobs_file, viewer, status):
    url = reverse("skills:evidence_file", args=[bobs_file.pk])
    response = client_for(getattr(world, viewer)).get(url)
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert 'filename="ils-certificate.pdf"' in response["Content-Disposition"]


def test_an_entry_without_a_file_has_nothing_to_download(world, client_for, ils):
    entry = evidence_record(by=world.bob, person=world.bob, competency=ils, kind="self", level=1)
    url = reverse("skills:evidence_file", args=[entry.pk])
    assert client_for(world.bob).get(url).status_code == 404


# --- nothing in the log can be changed through a page --------------------------------------


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_no_evidence_url_changes_or_deletes_the_log(world, client_for, bobs_file, method):
    client = client_for(world.root)
    urls = [
        reverse("skills:evidence_log", args=[world.bob.pk]),
        reverse("skills:evidence_log", args=[world.bob.pk])
        + f"?competency={bobs_file.competency_id}",
        reverse("skills:evidence_file", args=[bobs_file.pk]),
        reverse("skills:profile", args=[world.bob.pk]),
    ]
    for url in urls:
        response = getattr(client, method)(url, {"level": "4", "note": "changed"})
        assert response.status_code in (404, 405), url
    entry = Evidence.objects.get()
    assert (entry.level, entry.note, entry.kind) == (2, "", "self")
    assert (Rating.objects.get().level, Evidence.objects.count()) == (2, 1)


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_the_rate_page_only_appends(world, client_for, bobs_file, method):
    response = getattr(client_for(world.bob), method)(rate_url(world.bob))
    assert response.status_code == 405
    assert Evidence.objects.count() == 1
