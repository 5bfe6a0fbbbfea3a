"""The certification pages: who sees what, the approvers' actions, the report and its export."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from ladder.certifications.models import Pursuit, Scheme
from ladder.certifications.services import pursuit_record_held, pursuit_start
from ladder.people.models import Credential
from tests import factories as f
from tests.certifications.conftest import give_degree, record

D = Decimal
TODAY = dt.date.today()


def _held(world, certs, person=None, years_ago=3, by=None):
    person = person or world.bob
    earned = TODAY.replace(year=TODAY.year - years_ago, day=1)
    return pursuit_record_held(
        by=by or world.alice, person=person, scheme=certs.lssc, earned_on=earned
    )


def test_mine_lists_progress_and_starts_a_pursuit(certs, world, client_for):
    give_degree(world.bob)
    client = client_for(world.bob)
    page = client.get(reverse("certifications:mine"))
    assert page.status_code == 200
    assert "not pursuing or holding" in page.content.decode()
    response = client.post(reverse("certifications:mine"), {"scheme": certs.lssc.pk})
    assert response.status_code == 302
    assert Pursuit.objects.filter(person=world.bob, scheme=certs.lssc).exists()
    page = client.get(reverse("certifications:mine")).content.decode()
    assert "Foundations of Library Service" in page and "6 remaining" in page


def test_an_earned_certification_shows_as_earned_not_parts_remaining(certs, world, client_for):
    pursuit = _held(world, certs)
    page = client_for(world.bob).get(reverse("certifications:mine")).content.decode()
    assert f"Parts: earned on {pursuit.earned_on:%Y-%m-%d}" in page
    assert "remaining" not in page


def test_mine_shows_entry_rule_error(certs, world, client_for):
    page = client_for(world.bob).post(reverse("certifications:mine"), {"scheme": certs.lssc.pk})
    assert page.status_code == 200
    assert "requires at least" in page.content.decode()


def test_scheme_pages(certs, world, client_for):
    client = client_for(world.bob)
    listing = client.get(reverse("certifications:scheme_list")).content.decode()
    assert "Library Support Staff Certification" in listing
    detail = client.get(reverse("certifications:scheme_detail", args=[certs.lssc.pk]))
    assert detail.status_code == 200 and "1 semester credit = 15" in detail.content.decode()
    assert "Adjust this scheme" not in detail.content.decode()


def test_other_networks_scheme_is_404(certs, world, client_for):
    other = f.NetworkFactory()
    nobody = f.PersonFactory()
    from ladder.orgs.models import Role

    Role.objects.create(person=nobody, kind=Role.Kind.NETWORK_COORDINATOR, network=other)
    url = reverse("certifications:scheme_detail", args=[certs.lssc.pk])
    assert client_for(nobody).get(url).status_code == 404
    edit = reverse("certifications:scheme_edit", args=[certs.lssc.pk])
    assert client_for(nobody).get(edit).status_code == 404


def test_coordinator_adopts_from_the_page(world, lssc_tags, client_for):
    from ladder.certifications.scheme_templates import install_templates

    template = install_templates()[0]
    url = reverse("certifications:scheme_adopt", args=[template.pk])
    assert client_for(world.alice).post(url, {"network": world.network.pk}).status_code == 403
    response = client_for(world.nina).post(url, {"network": world.network.pk})
    adopted = Scheme.objects.get(network=world.network, slug=template.slug)
    assert response.status_code == 302
    assert response["Location"] == reverse("certifications:scheme_edit", args=[adopted.pk])
    again = client_for(world.nina).post(url, {"network": world.network.pk})
    assert again.status_code == 400 and "already adopted" in again.content.decode()


def test_coordinator_edits_and_bad_input_is_explained(certs, world, client_for):
    url = reverse("certifications:scheme_edit", args=[certs.lssc.pk])
    assert client_for(world.alice).get(url).status_code == 403
    client = client_for(world.nina)
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update({name: form[name].value() for name in form.fields if name not in data})
    data = {k: v for k, v in data.items() if v is not None}
    bad = {**data, "electives_needed": 9, "conv_semester_credit": "0"}
    page = client.post(url, bad)
    body = page.content.decode()
    assert page.status_code == 200
    assert "only 7 exist" in body and "must be more than 0" in body
    good = {**data, "cycle_hours": "36", "cat_technology": "5"}
    assert client.post(url, good).status_code == 302
    certs.lssc.refresh_from_db()
    assert certs.lssc.cycle_hours == 36 and certs.lssc.categories.get().min_hours == 5


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("bob", 200),
        ("sam", 200),
        ("alice", 200),
        ("root", 200),
        ("carol", 404),
        ("nina", 404),
        ("dave", 404),
    ],
)
def test_person_page_is_private(certs, world, client_for, who, status):
    _held(world, certs)
    url = reverse("certifications:person", args=[world.bob.pk])
    assert client_for(getattr(world, who)).get(url).status_code == status


def test_person_page_shows_chart_and_table(certs, world, client_for):
    _held(world, certs)
    record(world.bob, TODAY - dt.timedelta(days=30), "3", ["core-skills"])
    page = client_for(world.sam).get(reverse("certifications:person", args=[world.bob.pk]))
    body = page.content.decode()
    assert "cert-chart.js" in body and "Contact hours by category" in body
    assert "3 of 32 contact hours; 3 of 4 in technology" in body


def test_approver_records_part_and_earns_through_pages(certs, world, client_for):
    give_degree(world.bob)
    pursuit = pursuit_start(
        by=world.bob, person=world.bob, scheme=certs.lssc, started_on=TODAY - dt.timedelta(days=100)
    )
    for code in ["core-skills", "circulation", "interlibrary-loan", "reference-interview"]:
        record(world.bob, TODAY - dt.timedelta(days=50), "3", [code])
    youth = certs.lssc.parts.get(code="youth-services")
    url = reverse("certifications:pursuit_part", args=[pursuit.pk])
    data = {
        f"p{pursuit.pk}-part": youth.pk,
        f"p{pursuit.pk}-method": "portfolio",
        f"p{pursuit.pk}-completed_on": TODAY.isoformat(),
    }
    assert client_for(world.carol).post(url, data).status_code == 404
    client_for(world.bob).post(url, data)  # the candidate: refused with a message
    assert not pursuit.completions.exists()
    assert client_for(world.sam).post(url, data).status_code == 302
    assert pursuit.completions.count() == 1
    earn = reverse("certifications:pursuit_earn", args=[pursuit.pk])
    client_for(world.sam).post(earn, {f"e{pursuit.pk}-on": TODAY.isoformat()})
    assert Credential.objects.filter(person=world.bob, kind="certification").exists()


def test_renew_page_refuses_short_hours_with_message(certs, world, client_for):
    pursuit = _held(world, certs, years_ago=4)
    url = reverse("certifications:pursuit_renew", args=[pursuit.pk])
    response = client_for(world.sam).post(
        url, {f"r{pursuit.pk}-on": TODAY.isoformat()}, follow=True
    )
    assert "Short of 32 contact hours" in response.content.decode()


@pytest.mark.parametrize("who", ["bob", "nina", "dave"])
def test_report_is_for_admins_and_supervisors(certs, world, client_for, who):
    assert client_for(getattr(world, who)).get(reverse("certifications:report")).status_code == 403


def test_report_lists_only_own_library(certs, world, client_for):
    _held(world, certs, years_ago=4)
    _held(world, certs, person=world.dave, years_ago=4, by=world.carol)
    body = client_for(world.alice).get(reverse("certifications:report")).content.decode()
    assert "Bob Page" in body and "Dave Assist" not in body
    body = client_for(world.carol).get(reverse("certifications:report")).content.decode()
    assert "Dave Assist" in body and "Bob Page" not in body


def test_report_exports_csv_and_xlsx(certs, world, client_for):
    _held(world, certs, years_ago=4)
    client = client_for(world.alice)
    csv = client.get(reverse("certifications:report"), {"format": "csv", "which": "short"})
    assert csv["Content-Type"].startswith("text/csv")
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("person,email,library,scheme,status")
    assert "Bob Page" in lines[1] and "technology 4" in lines[1]
    xlsx = client.get(reverse("certifications:report"), {"format": "xlsx", "months": "12"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "person" and rows[1][0] == "Bob Page"
    assert client.get(reverse("certifications:report"), {"format": "pdf"}).status_code == 404


def test_network_report_counts_only(certs, world, client_for):
    _held(world, certs, years_ago=3)
    _held(world, certs, person=world.dave, years_ago=1, by=world.carol)
    assert client_for(world.alice).get(reverse("certifications:network_report")).status_code == 403
    page = client_for(world.nina).get(reverse("certifications:network_report"))
    body = page.content.decode()
    assert "Riverside Public Library" in body and "Hillcrest College Library" in body
    assert "Bob Page" not in body and "Dave" not in body
    cells = {c.library.name: c for c in page.context["cells"]}
    assert cells["Riverside Public Library"].counts["renewal_window"] == 1
    assert cells["Hillcrest College Library"].holding == 1


def _staff(world, certs, n):
    for i in range(n):
        person = f.PersonFactory()
        f.EmploymentFactory(
            person=person,
            library=world.riverside,
            job_class=world.page,
            weekly_hours=D("20"),
            start_date=dt.date(2018, 1, 1),
            supervisor=world.sam,
        )
        _held(world, certs, person=person, years_ago=4)
        record(person, TODAY - dt.timedelta(days=40 + i), "2", ["core-skills", "circulation"])


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_report_queries_are_bounded(certs, world, client_for):
    url = reverse("certifications:report")
    _staff(world, certs, 5)
    few = _count(client_for(world.alice), url)
    _staff(world, certs, 45)
    many = _count(client_for(world.alice), url)
    assert many == few


def test_network_report_queries_are_bounded(certs, world, client_for):
    url = reverse("certifications:network_report")
    _staff(world, certs, 5)
    few = _count(client_for(world.nina), url)
    _staff(world, certs, 45)
    assert _count(client_for(world.nina), url) == few
