"""A coordinator adds, changes and removes a network scheme's parts, categories and conversion
factors: services (rules, audit, permissions) and the page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ladder.certifications import scheme_categories, scheme_parts, schemes
from ladder.certifications.models import ConversionFactor, SchemeCategory, SchemePart
from ladder.certifications.progress import progress_for, pursuit_queryset
from ladder.certifications.services import pursuit_record_part, pursuit_start
from ladder.core.models import AuditEntry
from ladder.orgs.models import Role
from tests import factories as f
from tests.certifications.conftest import give_degree, record

D = Decimal
TODAY = dt.date.today()


def _elective(scheme, n=0):
    return scheme.parts.filter(is_required=False).order_by("position")[n]


def _other_coordinator():
    other = f.NetworkFactory()
    person = f.PersonFactory()
    Role.objects.create(person=person, kind=Role.Kind.NETWORK_COORDINATOR, network=other)
    return person


def _completed(world, certs, part):
    give_degree(world.bob)
    pursuit = pursuit_start(by=world.bob, person=world.bob, scheme=certs.lssc)
    pursuit_record_part(
        by=world.alice, pursuit=pursuit, part=part, method="course", completed_on=TODAY
    )
    return pursuit


# --- parts: services ------------------------------------------------------------------------


def test_add_part_with_a_tag_is_audited(certs, world, lssc_tags):
    part = scheme_parts.scheme_part_add(
        by=world.nina,
        scheme=certs.lssc,
        code="outreach",
        name="Outreach",
        external_tag=lssc_tags["technology"],
    )
    assert part.position == 10 and not part.is_required
    assert part.external_tag == lssc_tags["technology"]
    entry = AuditEntry.objects.get(action="certifications.part.added")
    assert entry.actor == world.nina and entry.object_id == str(part.pk)
    assert certs.lssc.copied_from.parts.count() == 10  # the template is untouched


@pytest.mark.parametrize(
    ("code", "name", "field", "message"),
    [
        ("", "Outreach", "code", "Give the part a code"),
        ("has space", "Outreach", "code", "only letters, digits"),
        ("outreach", "  ", "name", "Give the part a name"),
        ("technology", "Tech again", "code", "already exists"),
    ],
)
def test_add_part_bad_input(certs, world, code, name, field, message):
    with pytest.raises(ValidationError) as exc:
        scheme_parts.scheme_part_add(by=world.nina, scheme=certs.lssc, code=code, name=name)
    assert message in exc.value.message_dict[field][0]
    assert certs.lssc.parts.count() == 10


def test_update_part_renames_and_retags(certs, world, lssc_tags):
    part = _elective(certs.lssc)
    scheme_parts.scheme_part_update(
        by=world.nina,
        part=part,
        values={"name": "Renamed", "code": "renamed", "external_tag": None, "position": 3},
    )
    part.refresh_from_db()
    assert (part.name, part.code, part.external_tag, part.position) == (
        "Renamed",
        "renamed",
        None,
        3,
    )
    entry = AuditEntry.objects.get(action="certifications.part.updated")
    assert entry.changes["code"][1] == "renamed" and entry.changes["external_tag"][1] is None


def test_update_part_code_clash_and_unknown_field(certs, world):
    part = _elective(certs.lssc)
    with pytest.raises(ValidationError, match="already exists"):
        scheme_parts.scheme_part_update(by=world.nina, part=part, values={"code": "technology"})
    with pytest.raises(ValidationError) as exc:
        scheme_parts.scheme_part_update(by=world.nina, part=part, values={"scheme": certs.state})
    assert "scheme" in exc.value.message_dict


def test_making_an_elective_required_refused_when_too_few_remain(certs, world):
    scheme = certs.lssc  # 7 electives, 3 needed
    for _ in range(4):
        scheme_parts.scheme_part_update(
            by=world.nina, part=_elective(scheme, 0), values={"is_required": True}
        )
    assert scheme.parts.filter(is_required=False).count() == 3
    with pytest.raises(ValidationError) as exc:
        scheme_parts.scheme_part_update(
            by=world.nina, part=_elective(scheme, 0), values={"is_required": True}
        )
    message = exc.value.message_dict["is_required"][0]
    assert "leave 2 elective parts" in message and "choose 3" in message
    assert scheme.parts.filter(is_required=False).count() == 3


def test_required_part_can_become_elective(certs, world):
    part = certs.lssc.parts.filter(is_required=True).first()
    scheme_parts.scheme_part_update(by=world.nina, part=part, values={"is_required": False})
    assert certs.lssc.parts.filter(is_required=True).count() == 2


def test_remove_part(certs, world):
    part = _elective(certs.lssc)
    scheme_parts.scheme_part_remove(by=world.nina, part=part)
    assert not SchemePart.objects.filter(pk=part.pk).exists()
    entry = AuditEntry.objects.get(action="certifications.part.removed")
    assert entry.changes["part"][0]["code"] == part.code


def test_removing_electives_below_the_number_needed_is_refused(certs, world):
    scheme = certs.lssc
    for _ in range(4):
        scheme_parts.scheme_part_remove(by=world.nina, part=_elective(scheme))
    with pytest.raises(ValidationError) as exc:
        scheme_parts.scheme_part_remove(by=world.nina, part=_elective(scheme))
    assert "could never be completed" in exc.value.message_dict["part"][0]
    assert scheme.parts.filter(is_required=False).count() == 3
    # Required parts may still go: they do not count among the electives.
    scheme_parts.scheme_part_remove(
        by=world.nina, part=scheme.parts.filter(is_required=True).first()
    )


def test_removing_a_completed_part_is_refused(certs, world):
    part = _elective(certs.lssc)
    _completed(world, certs, part)
    with pytest.raises(ValidationError) as exc:
        scheme_parts.scheme_part_remove(by=world.nina, part=part)
    assert "completed for 1 person" in exc.value.message_dict["part"][0]
    assert SchemePart.objects.filter(pk=part.pk).exists()
    # Renaming it is fine and keeps the completion.
    scheme_parts.scheme_part_update(by=world.nina, part=part, values={"name": "Renamed set"})
    assert part.completions.count() == 1


# --- categories: services -------------------------------------------------------------------


def test_add_update_remove_category(certs, world):
    scheme = certs.lssc
    cat = scheme_categories.scheme_category_add(
        by=world.nina, scheme=scheme, code="reference", name="Reference", min_hours=D("2.5")
    )
    assert cat.min_hours == D("2.5")
    rules = schemes.scheme_rules(schemes.scheme_with_parts(scheme.pk))
    assert rules.category_minimums == {"technology": D("4"), "reference": D("2.5")}
    scheme_categories.scheme_category_update(
        by=world.nina, category=cat, values={"min_hours": D("3")}
    )
    cat.refresh_from_db()
    assert cat.min_hours == 3
    scheme_categories.scheme_category_remove(by=world.nina, category=cat)
    assert not SchemeCategory.objects.filter(pk=cat.pk).exists()
    actions = list(
        AuditEntry.objects.filter(action__startswith="certifications.category.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "certifications.category.added",
        "certifications.category.updated",
        "certifications.category.removed",
    ]


@pytest.mark.parametrize(
    ("min_hours", "message"),
    [
        ("-1", "cannot be negative"),
        ("40", "exceeds the scheme's hours per cycle"),
        ("1.25", "at most 1 decimal place"),
        ("abc", "as a number"),
    ],
)
def test_category_bad_hours(certs, world, min_hours, message):
    with pytest.raises(ValidationError) as exc:
        scheme_categories.scheme_category_add(
            by=world.nina,
            scheme=certs.lssc,
            code="reference",
            name="Reference",
            min_hours=min_hours,
        )
    assert message in exc.value.message_dict["min_hours"][0]
    tech = certs.lssc.categories.get(code="technology")
    with pytest.raises(ValidationError) as exc:
        scheme_categories.scheme_category_update(
            by=world.nina, category=tech, values={"min_hours": min_hours}
        )
    assert message in exc.value.message_dict["min_hours"][0]
    tech.refresh_from_db()
    assert tech.min_hours == 4


def test_category_code_clash(certs, world):
    with pytest.raises(ValidationError, match="already exists"):
        scheme_categories.scheme_category_add(
            by=world.nina, scheme=certs.lssc, code="technology", name="Tech", min_hours=1
        )


# --- conversions: services ------------------------------------------------------------------


def test_add_update_remove_conversion(certs, world):
    scheme = certs.lssc
    conv = scheme_categories.scheme_conversion_add(
        by=world.nina, scheme=scheme, activity_kind="webinar", factor=D("0.75")
    )
    scheme_categories.scheme_conversion_update(by=world.nina, conversion=conv, factor=D("0.5"))
    rules = schemes.scheme_rules(schemes.scheme_with_parts(scheme.pk))
    assert rules.kind_factors == {"roundtable": D("0.5"), "webinar": D("0.5")}
    scheme_categories.scheme_conversion_remove(by=world.nina, conversion=conv)
    assert not ConversionFactor.objects.filter(pk=conv.pk).exists()
    assert AuditEntry.objects.filter(action__startswith="certifications.conversion.").count() == 3


def test_item_audit_skips_unchanged_saves_and_keeps_what_was_removed(certs, world):
    """Categories and conversions are logged one way: an unchanged save logs nothing, and a
    removal records the item as stored when it went, not as the caller last read it."""
    scheme = certs.lssc
    cat = scheme.categories.get(code="technology")
    conv = scheme.conversions.get(activity_kind="roundtable")
    scheme_categories.scheme_category_update(
        by=world.nina, category=cat, values={"min_hours": cat.min_hours}
    )
    scheme_categories.scheme_conversion_update(by=world.nina, conversion=conv, factor=conv.factor)
    assert not AuditEntry.objects.filter(action__endswith=".updated").exists()
    stale = SchemeCategory.objects.get(pk=cat.pk)
    scheme_categories.scheme_category_update(by=world.nina, category=cat, values={"name": "Tech"})
    scheme_categories.scheme_category_remove(by=world.nina, category=stale)
    removed = AuditEntry.objects.get(action="certifications.category.removed")
    assert removed.summary == f"Removed category Tech from {scheme.name}"
    assert removed.changes["category"][0]["name"] == "Tech"
    scheme_categories.scheme_conversion_remove(by=world.nina, conversion=conv)
    removed = AuditEntry.objects.get(action="certifications.conversion.removed")
    assert removed.summary == f"Removed conversion {conv} from {scheme.name}"
    assert removed.changes == {"conversion": [{"roundtable": str(conv.factor)}, None]}


def test_changes_apply_to_a_holders_progress(certs, world):
    from ladder.certifications.services import pursuit_earn
    from ladder.people.models import EducationLevel

    give_degree(world.bob, EducationLevel.BACHELOR)
    pursuit = pursuit_start(by=world.bob, person=world.bob, scheme=certs.state)
    pursuit_earn(by=world.alice, pursuit=pursuit, earned_on=TODAY - dt.timedelta(days=30))
    scheme_categories.scheme_conversion_add(
        by=world.nina, scheme=certs.state, activity_kind="webinar", factor=2
    )
    scheme_categories.scheme_category_add(
        by=world.nina, scheme=certs.state, code="access-services", name="Access", min_hours=5
    )
    record(world.bob, TODAY - dt.timedelta(days=1), "3", ["circulation"], kind="webinar")
    [progress] = progress_for(pursuit_queryset().filter(pk=pursuit.pk))
    assert progress.cycle is not None and progress.cycle.total == D("6")
    access = next(c for c in progress.categories if c.code == "access-services")
    assert access.hours == D("6") and access.minimum == 5


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"unit": "semester_credit", "factor": "0"}, "factor", "of 0 would count nothing"),
        ({"activity_kind": "webinar", "factor": "-1"}, "factor", "cannot be negative"),
        ({"activity_kind": "webinar", "factor": "1000"}, "factor", "too large"),
        ({"unit": "fortnight", "factor": "3"}, "unit", "Unknown unit"),
        ({"activity_kind": "party", "factor": "3"}, "activity_kind", "Unknown activity kind"),
        ({"unit": "hour", "factor": "3"}, "unit", "Unknown unit"),
        ({"factor": "3"}, "unit", "Give the unit or the activity kind"),
        (
            {"unit": "semester_credit", "activity_kind": "webinar", "factor": "3"},
            "unit",
            "not both",
        ),
        ({"unit": "semester_credit", "factor": "12"}, "unit", "already has a factor"),
        ({"activity_kind": "roundtable", "factor": "1"}, "activity_kind", "already has"),
    ],
)
def test_conversion_bad_input(certs, world, kwargs, field, message):
    before = certs.lssc.conversions.count()
    with pytest.raises(ValidationError) as exc:
        scheme_categories.scheme_conversion_add(by=world.nina, scheme=certs.lssc, **kwargs)
    assert message in exc.value.message_dict[field][0]
    assert certs.lssc.conversions.count() == before


def test_conversion_update_to_zero_is_refused(certs, world):
    conv = certs.lssc.conversions.get(unit="semester_credit")
    with pytest.raises(ValidationError) as exc:
        scheme_categories.scheme_conversion_update(by=world.nina, conversion=conv, factor=D("0"))
    assert "more than 0" in exc.value.message_dict["factor"][0]
    conv.refresh_from_db()
    assert conv.factor == 15


# --- permissions: services ------------------------------------------------------------------


def _all_changes(scheme, person):
    part = scheme.parts.filter(is_required=False).first()
    category = scheme.categories.first()
    conversion = scheme.conversions.first()
    return [
        lambda: scheme_parts.scheme_part_add(by=person, scheme=scheme, code="x", name="X"),
        lambda: scheme_parts.scheme_part_update(by=person, part=part, values={"name": "Y"}),
        lambda: scheme_parts.scheme_part_remove(by=person, part=part),
        lambda: scheme_categories.scheme_category_add(
            by=person, scheme=scheme, code="x", name="X", min_hours=1
        ),
        lambda: scheme_categories.scheme_category_update(
            by=person, category=category, values={"name": "Y"}
        ),
        lambda: scheme_categories.scheme_category_remove(by=person, category=category),
        lambda: scheme_categories.scheme_conversion_add(
            by=person, scheme=scheme, activity_kind="webinar", factor=1
        ),
        lambda: scheme_categories.scheme_conversion_update(
            by=person, conversion=conversion, factor=2
        ),
        lambda: scheme_categories.scheme_conversion_remove(by=person, conversion=conversion),
    ]


@pytest.mark.parametrize("who", ["alice", "carol", "bob", "other_coordinator"])
def test_only_the_networks_coordinators_change_parts(certs, world, who):
    person = _other_coordinator() if who == "other_coordinator" else getattr(world, who)
    for change in _all_changes(certs.lssc, person):
        with pytest.raises(PermissionDenied):
            change()
    assert not AuditEntry.objects.filter(action__regex=r"certifications\.(part|category|conv)")


@pytest.mark.parametrize("who", ["nina", "root"])
def test_templates_are_read_only(certs, world, who):
    template = certs.lssc.copied_from
    for change in _all_changes(template, getattr(world, who)):
        with pytest.raises(PermissionDenied, match="read-only"):
            change()


def test_site_admin_may_change_a_network_scheme(certs, world):
    part = scheme_parts.scheme_part_add(by=world.root, scheme=certs.lssc, code="x", name="X")
    assert part.scheme == certs.lssc


# --- the page -------------------------------------------------------------------------------


def test_page_lists_and_links(certs, world, client_for):
    client = client_for(world.nina)
    url = reverse("certifications:scheme_parts", args=[certs.lssc.pk])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Foundations of Library Service" in html and "Semester credit" in html
    assert "3 required parts and 7 electives" in html
    detail = client.get(reverse("certifications:scheme_detail", args=[certs.lssc.pk]))
    assert url in detail.content.decode()
    edit = client.get(reverse("certifications:scheme_edit", args=[certs.lssc.pk]))
    assert url in edit.content.decode()


def test_page_query_count_does_not_grow(certs, world, client_for, django_assert_max_num_queries):
    client = client_for(world.nina)
    url = reverse("certifications:scheme_parts", args=[certs.lssc.pk])
    client.get(url)
    for n in range(20):
        scheme_parts.scheme_part_add(by=world.nina, scheme=certs.lssc, code=f"p{n}", name=f"P{n}")
        scheme_categories.scheme_category_add(
            by=world.nina, scheme=certs.lssc, code=f"c{n}", name=f"C{n}", min_hours=1
        )
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(20, 40):
        scheme_parts.scheme_part_add(by=world.nina, scheme=certs.lssc, code=f"p{n}", name=f"P{n}")
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_page_adds_changes_and_removes_a_part(certs, world, client_for, lssc_tags):
    client = client_for(world.nina)
    scheme = certs.lssc
    add = reverse("certifications:scheme_part_add", args=[scheme.pk])
    response = client.post(
        add,
        {
            "part-code": "outreach",
            "part-name": "Outreach",
            "part-is_required": "on",
            "part-external_tag": lssc_tags["technology"].pk,
        },
    )
    assert response.status_code == 302
    part = scheme.parts.get(code="outreach")
    assert part.is_required and part.external_tag == lssc_tags["technology"]
    edit = reverse("certifications:scheme_part_edit", args=[scheme.pk, part.pk])
    assert "Outreach" in client.get(edit).content.decode()
    response = client.post(edit, {"part-code": "outreach", "part-name": "Community outreach"})
    assert response.status_code == 302
    part.refresh_from_db()
    assert part.name == "Community outreach" and not part.is_required and part.external_tag is None
    remove = reverse("certifications:scheme_part_remove", args=[scheme.pk, part.pk])
    assert client.post(remove).status_code == 302
    assert not scheme.parts.filter(code="outreach").exists()


def test_page_shows_errors_beside_the_field(certs, world, client_for):
    client = client_for(world.nina)
    scheme = certs.lssc
    page = client.post(
        reverse("certifications:scheme_part_add", args=[scheme.pk]),
        {"part-code": "technology", "part-name": "Dup"},
    )
    assert page.status_code == 200
    assert "A part with code technology already exists." in page.content.decode()
    page = client.post(
        reverse("certifications:scheme_conversion_add", args=[scheme.pk]),
        {"conversion-applies_to": "kind:webinar", "conversion-factor": "0"},
    )
    assert "would count nothing" in page.content.decode()
    page = client.post(
        reverse("certifications:scheme_conversion_add", args=[scheme.pk]),
        {"conversion-applies_to": "unit:semester_credit", "conversion-factor": "3"},
    )
    assert "already has a factor" in page.content.decode()
    assert 'id="id_conversion-applies_to-error-1"' in page.content.decode()
    page = client.post(
        reverse("certifications:scheme_category_add", args=[scheme.pk]),
        {"category-code": "x", "category-name": "X", "category-min_hours": "-2"},
    )
    assert "cannot be negative" in page.content.decode()


def test_page_refuses_removing_a_completed_part_with_a_message(certs, world, client_for):
    part = _elective(certs.lssc)
    _completed(world, certs, part)
    client = client_for(world.nina)
    remove = reverse("certifications:scheme_part_remove", args=[certs.lssc.pk, part.pk])
    page = client.post(remove, follow=True)
    assert "completed for 1 person" in page.content.decode()
    assert SchemePart.objects.filter(pk=part.pk).exists()


def test_page_categories_and_conversions(certs, world, client_for):
    client = client_for(world.nina)
    scheme = certs.lssc
    assert (
        client.post(
            reverse("certifications:scheme_category_add", args=[scheme.pk]),
            {"category-code": "reference", "category-name": "Reference", "category-min_hours": "2"},
        ).status_code
        == 302
    )
    cat = scheme.categories.get(code="reference")
    edit = reverse("certifications:scheme_category_edit", args=[scheme.pk, cat.pk])
    client.post(
        edit, {"category-code": "reference", "category-name": "Ref", "category-min_hours": "3"}
    )
    cat.refresh_from_db()
    assert (cat.name, cat.min_hours) == ("Ref", 3)
    client.post(reverse("certifications:scheme_category_remove", args=[scheme.pk, cat.pk]))
    assert not scheme.categories.filter(code="reference").exists()

    client.post(
        reverse("certifications:scheme_conversion_add", args=[scheme.pk]),
        {"conversion-applies_to": "kind:webinar", "conversion-factor": "0.5"},
    )
    conv = scheme.conversions.get(activity_kind="webinar")
    edit = reverse("certifications:scheme_conversion_edit", args=[scheme.pk, conv.pk])
    assert client.get(edit).status_code == 200
    client.post(edit, {"conversion-factor": "0.25"})
    conv.refresh_from_db()
    assert conv.factor == D("0.25")
    client.post(reverse("certifications:scheme_conversion_remove", args=[scheme.pk, conv.pk]))
    assert not scheme.conversions.filter(activity_kind="webinar").exists()


def _page_urls(scheme):
    part = scheme.parts.filter(is_required=False).first()
    cat = scheme.categories.first()
    conv = scheme.conversions.first()
    return [
        ("get", reverse("certifications:scheme_parts", args=[scheme.pk])),
        ("post", reverse("certifications:scheme_part_add", args=[scheme.pk])),
        ("get", reverse("certifications:scheme_part_edit", args=[scheme.pk, part.pk])),
        ("post", reverse("certifications:scheme_part_remove", args=[scheme.pk, part.pk])),
        ("post", reverse("certifications:scheme_category_add", args=[scheme.pk])),
        ("get", reverse("certifications:scheme_category_edit", args=[scheme.pk, cat.pk])),
        ("post", reverse("certifications:scheme_category_remove", args=[scheme.pk, cat.pk])),
        ("post", reverse("certifications:scheme_conversion_add", args=[scheme.pk])),
        ("get", reverse("certifications:scheme_conversion_edit", args=[scheme.pk, conv.pk])),
        ("post", reverse("certifications:scheme_conversion_remove", args=[scheme.pk, conv.pk])),
    ]


@pytest.mark.parametrize(("who", "status"), [("alice", 403), ("carol", 403), ("bob", 403)])
def test_page_forbidden_to_library_admins_and_staff(certs, world, client_for, who, status):
    client = client_for(getattr(world, who))
    for method, url in _page_urls(certs.lssc):
        assert getattr(client, method)(url).status_code == status, url
    assert certs.lssc.parts.count() == 10
    assert certs.lssc.categories.count() == 1 and certs.lssc.conversions.count() == 4


def test_page_is_404_for_another_networks_coordinator(certs, world, client_for):
    client = client_for(_other_coordinator())
    for method, url in _page_urls(certs.lssc):
        assert getattr(client, method)(url).status_code == 404, url


@pytest.mark.parametrize("who", ["nina", "root"])
def test_page_template_is_read_only(certs, world, client_for, who):
    client = client_for(getattr(world, who))
    template = certs.lssc.copied_from
    for method, url in _page_urls(template):
        assert getattr(client, method)(url).status_code == 403, url
    assert template.parts.count() == 10
    detail = client.get(reverse("certifications:scheme_detail", args=[template.pk]))
    assert reverse("certifications:scheme_parts", args=[template.pk]) not in detail.content.decode()


def test_page_item_of_another_scheme_is_404(certs, world, client_for):
    other_part = certs.state.parts.first() or scheme_parts.scheme_part_add(
        by=world.nina, scheme=certs.state, code="x", name="X"
    )
    url = reverse("certifications:scheme_part_edit", args=[certs.lssc.pk, other_part.pk])
    assert client_for(world.nina).get(url).status_code == 404


def test_anonymous_is_sent_to_login(certs, client):
    url = reverse("certifications:scheme_parts", args=[certs.lssc.pk])
    response = client.get(url)
    assert response.status_code == 302 and "login" in response["Location"]


# --- concurrency (PostgreSQL) ---------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_coordinators_removing_the_last_spare_electives_at_once(certs, world):
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL)")
    scheme = certs.lssc
    for _ in range(3):
        scheme_parts.scheme_part_remove(by=world.nina, part=_elective(scheme))
    first, second = _elective(scheme, 0), _elective(scheme, 1)  # 4 electives, 3 needed
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def remove(part: SchemePart) -> None:
        try:
            barrier.wait()
            scheme_parts.scheme_part_remove(by=world.nina, part=part)
            outcomes.append("removed")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=remove, args=(p,)) for p in (first, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["refused", "removed"]
    assert scheme.parts.filter(is_required=False).count() == 3
