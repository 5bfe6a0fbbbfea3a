"""Hat pages: who may open and use them, and bad input shown on the field."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from ladder.people.models import Employment
from ladder.skills.models import Hat, HatAssignment, HatRequirement

TODAY = timezone.localdate()


@pytest.fixture
def ill(world):
    return Hat.objects.create(library=world.riverside, name="Interlibrary loan", weekly_hours=5)


@pytest.fixture
def bobs_assignment(world, ill):
    return HatAssignment.objects.create(
        hat=ill, employment=Employment.objects.get(person=world.bob), start_date=TODAY
    )


def urls_for(world, hat, assignment):
    """Every hat page, as (url, method)."""
    return [
        (reverse("skills:hat_create", args=[world.riverside.pk]), "get"),
        (reverse("skills:hat_create", args=[world.riverside.pk]), "post"),
        (reverse("skills:hat_update", args=[hat.pk]), "get"),
        (reverse("skills:hat_update", args=[hat.pk]), "post"),
        (reverse("skills:hat_delete", args=[hat.pk]), "post"),
        (reverse("skills:hat_requirement_set", args=[hat.pk]), "post"),
        (reverse("skills:hat_assign", args=[hat.pk]), "post"),
        (reverse("skills:hat_unassign", args=[assignment.pk]), "post"),
    ]


# --- permissions -----------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["carol", "dave", "nina"])
def test_outsiders_get_404_on_every_hat_page(world, client_for, ill, bobs_assignment, who):
    client = client_for(getattr(world, who))
    assert client.get(reverse("skills:hat_detail", args=[ill.pk])).status_code == 404
    for url, method in urls_for(world, ill, bobs_assignment):
        assert getattr(client, method)(url, {}).status_code == 404, url
    assert Hat.objects.count() == 1
    assert HatAssignment.objects.get().end_date is None


@pytest.mark.parametrize("who", ["bob", "sam"])
def test_staff_and_supervisors_see_hats_but_get_403_on_changes(
    world, client_for, ill, bobs_assignment, who
):
    client = client_for(getattr(world, who))
    page = client.get(reverse("skills:hat_detail", args=[ill.pk]))
    assert page.status_code == 200
    assert "Edit hat" not in page.content.decode()
    for url, method in urls_for(world, ill, bobs_assignment):
        assert getattr(client, method)(url, {}).status_code == 403, url
    assert Hat.objects.count() == 1


def test_carol_sees_no_hat_board_link_on_riverside_but_alice_does(world, client_for):
    url = reverse("orgs:library_detail", args=[world.riverside.pk])
    board = reverse("skills:hat_board", args=[world.riverside.pk])
    assert board in client_for(world.alice).get(url).content.decode()
    assert board not in client_for(world.carol).get(url).content.decode()


def test_the_navigation_offers_interests_to_everyone(world, client_for):
    html = client_for(world.bob).get(reverse("home")).content.decode()
    assert reverse("skills:interests_edit") in html


# --- admin flows ---------------------------------------------------------------------------


def test_alice_adds_a_hat_from_the_page(world, client_for):
    response = client_for(world.alice).post(
        reverse("skills:hat_create", args=[world.riverside.pk]),
        {"name": "Reserves", "branch": world.riverside_main.pk, "weekly_hours": "4"},
    )
    hat = Hat.objects.get()
    assert response.status_code == 302
    assert response.url == hat.get_absolute_url()
    assert hat.branch == world.riverside_main


def test_a_duplicate_name_shows_on_the_name_field(world, client_for, ill):
    response = client_for(world.alice).post(
        reverse("skills:hat_create", args=[world.riverside.pk]),
        {"name": "Interlibrary loan", "weekly_hours": "2"},
    )
    assert response.status_code == 400
    assert "already a hat called" in response.context["form"].errors["name"][0]
    assert 'aria-invalid="true"' in response.content.decode()
    assert Hat.objects.count() == 1


def test_alice_edits_a_hat(world, client_for, ill):
    response = client_for(world.alice).post(
        reverse("skills:hat_update", args=[ill.pk]),
        {"name": "Interlibrary loan", "weekly_hours": "6", "description": "ILLiad"},
    )
    assert response.status_code == 302
    ill.refresh_from_db()
    assert (ill.weekly_hours, ill.description) == (6, "ILLiad")


def test_alice_assigns_bob_as_wearer(world, client_for, ill):
    employment = Employment.objects.get(person=world.bob)
    client = client_for(world.alice)
    form = client.get(reverse("skills:hat_assign", args=[ill.pk]))
    assert "Bob Page — Page, Riverside Main (15 h a week)" in form.content.decode()
    response = client.post(
        reverse("skills:hat_assign", args=[ill.pk]),
        {"employment": employment.pk, "role": "wearer", "start_date": TODAY.isoformat()},
    )
    assert response.status_code == 302
    assert HatAssignment.objects.get().employment == employment


def test_assigning_a_job_of_another_library_is_a_field_error(world, client_for, ill):
    daves = Employment.objects.get(person=world.dave)
    response = client_for(world.alice).post(
        reverse("skills:hat_assign", args=[ill.pk]),
        {"employment": daves.pk, "role": "wearer", "start_date": TODAY.isoformat()},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["employment"]
    assert not HatAssignment.objects.exists()


def test_ending_before_the_start_shows_on_the_date_field(world, client_for, bobs_assignment):
    response = client_for(world.alice).post(
        reverse("skills:hat_unassign", args=[bobs_assignment.pk]),
        {"end_date": (TODAY - dt.timedelta(days=3)).isoformat()},
    )
    assert response.status_code == 400
    assert "before the start date" in response.context["form"].errors["end_date"][0]
    bobs_assignment.refresh_from_db()
    assert bobs_assignment.end_date is None


def test_alice_ends_an_assignment(world, client_for, bobs_assignment):
    response = client_for(world.alice).post(
        reverse("skills:hat_unassign", args=[bobs_assignment.pk]), {"end_date": TODAY.isoformat()}
    )
    assert response.status_code == 302
    bobs_assignment.refresh_from_db()
    assert bobs_assignment.end_date == TODAY


def test_alice_sets_and_removes_a_required_level(world, client_for, ill, framework):
    loans = framework.competencies.get(code="interlibrary-loan")
    client = client_for(world.alice)
    url = reverse("skills:hat_requirement_set", args=[ill.pk])
    assert "0 None, 1 Aware" in client.get(url).content.decode()
    assert client.post(url, {"competency": loans.pk, "level": "2"}).status_code == 302
    assert HatRequirement.objects.get().level == 2
    detail = client.get(ill.get_absolute_url()).content.decode()
    assert "Interlibrary loan at 2 (Working) or above" in detail
    assert client.post(url, {"competency": loans.pk, "level": ""}).status_code == 302
    assert not HatRequirement.objects.exists()


def test_a_level_off_the_scale_shows_on_the_level_field(world, client_for, ill, framework):
    loans = framework.competencies.get(code="interlibrary-loan")
    response = client_for(world.alice).post(
        reverse("skills:hat_requirement_set", args=[ill.pk]),
        {"competency": loans.pk, "level": "6"},
    )
    assert response.status_code == 400
    assert "scale" in response.context["form"].errors["level"][0]


def test_a_worn_hat_is_not_deleted_and_the_page_says_why(world, client_for, ill, bobs_assignment):
    response = client_for(world.alice).post(reverse("skills:hat_delete", args=[ill.pk]))
    assert response.status_code == 400
    assert "End their assignments first" in response.content.decode()
    assert Hat.objects.filter(pk=ill.pk).exists()


def test_alice_deletes_an_unworn_hat(world, client_for, ill):
    response = client_for(world.alice).post(reverse("skills:hat_delete", args=[ill.pk]))
    assert response.status_code == 302
    assert response.url == reverse("skills:hat_board", args=[world.riverside.pk])
    assert not Hat.objects.exists()


def test_the_hat_page_shows_levels_only_to_those_who_manage_the_wearer(
    world, client_for, ill, framework
):
    HatRequirement.objects.create(
        hat=ill, competency=framework.competencies.get(code="interlibrary-loan"), level=2
    )
    HatAssignment.objects.create(
        hat=ill, employment=Employment.objects.get(person=world.sam), start_date=TODAY
    )
    url = ill.get_absolute_url()
    detail = client_for(world.alice).get(url).context["detail"]
    assert [row.managed for row in detail.current] == [True]
    assert detail.current[0].gaps
    detail = client_for(world.bob).get(url).context["detail"]
    assert [row.managed for row in detail.current] == [False]
    assert detail.current[0].gaps == []
    assert "Nobody backs this hat up" in client_for(world.bob).get(url).content.decode()
