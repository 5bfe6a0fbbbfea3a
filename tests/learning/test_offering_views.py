"""Offering pages: detail (with the audience and its reason), create, edit, competencies."""

from django.urls import reverse

from ladder.learning.models import Offering, OfferingCompetency
from tests import factories as f


def _create_post(world, **extra):
    data = {
        "title": "Managing volunteers",
        "kind": "workshop",
        "description": "Recruiting and keeping volunteers.",
        "provider_kind": "network",
        "provider_network": world.network.pk,
        "ce_hours": "3",
        "ce_credits": "0",
        "fee": "0",
        "paid_by": "free",
        "offer_hold_hours": "0",
        "is_published": "on",
    }
    data.update(extra)
    return data


def test_offering_detail_shows_cost_ce_hours_competencies_and_sessions(
    world, catalogue, client_for, framework
):
    OfferingCompetency.objects.create(
        offering=catalogue.network_workshop,
        competency=framework.competencies.get(code="interlibrary-loan"),
        level=2,
    )
    response = client_for(world.bob).get(catalogue.network_workshop.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Interlibrary loan basics" in html
    assert "$25.00, paid by the employing library" in html
    assert "Interlibrary loan — to level 2" in html
    assert "North" in html and "South" in html
    assert "pages included" in html
    assert "You cannot register" not in html


def test_someone_left_out_by_a_restriction_sees_its_reason(world, catalogue, client_for):
    offering = catalogue.network_workshop
    offering.restriction_reason = "It covers the ILL module assistants use."
    offering.save()
    offering.audience_job_classes.set([world.assistant])
    html = client_for(world.bob).get(offering.get_absolute_url()).content.decode()
    assert "You cannot register for this training." in html
    assert "It covers the ILL module assistants use." in html


def test_another_librarys_admin_cannot_see_or_edit_riverside_offering(world, catalogue, client_for):
    client = client_for(world.carol)
    offering = catalogue.riverside_training
    assert client.get(offering.get_absolute_url()).status_code == 404
    assert client.get(reverse("learning:offering_update", args=[offering.pk])).status_code == 404
    response = client.post(
        reverse("learning:offering_update", args=[offering.pk]), {"title": "Mine"}
    )
    assert response.status_code == 404


def test_staff_who_can_see_an_offering_cannot_edit_it(world, catalogue, client_for):
    url = reverse("learning:offering_update", args=[catalogue.riverside_training.pk])
    assert client_for(world.bob).get(url).status_code == 403
    url = reverse("learning:offering_competencies", args=[catalogue.network_workshop.pk])
    assert client_for(world.alice).get(url).status_code == 403


def test_a_page_cannot_open_the_create_page(world, client_for):
    client = client_for(world.bob)
    assert client.get(reverse("learning:offering_create")).status_code == 403
    assert client.post(reverse("learning:offering_create"), _create_post(world)).status_code == 403
    assert not Offering.objects.exists()


def test_coordinator_creates_a_network_offering_from_the_page(world, client_for):
    response = client_for(world.nina).post(reverse("learning:offering_create"), _create_post(world))
    offering = Offering.objects.get(title="Managing volunteers")
    assert response.status_code == 302
    assert response.url == offering.get_absolute_url()
    assert offering.provider_network == world.network


def test_create_page_offers_a_coordinator_only_her_networks(world, client_for):
    other = f.NetworkFactory(name="Other Network")
    response = client_for(world.nina).post(
        reverse("learning:offering_create"), _create_post(world, provider_network=other.pk)
    )
    assert response.status_code == 400
    assert "provider_network" in response.context["form"].errors
    assert not Offering.objects.exists()


def test_a_restriction_without_a_reason_shows_on_the_field(world, client_for):
    response = client_for(world.nina).post(
        reverse("learning:offering_create"),
        _create_post(world, audience_job_classes=[world.assistant.pk]),
    )
    assert response.status_code == 400
    assert "restriction_reason" in response.context["form"].errors
    assert "people it leaves out are shown the reason" in response.content.decode()
    assert not Offering.objects.exists()


def test_library_admin_edits_her_offering(world, catalogue, client_for):
    offering = catalogue.riverside_training
    data = {
        "title": "Circulation desk, the basics",
        "kind": "in_house",
        "provider_kind": "library",
        "provider_library": world.riverside.pk,
        "ce_hours": "4",
        "ce_credits": "0",
        "fee": "0",
        "paid_by": "free",
        "offer_hold_hours": "24",
        "is_published": "on",
    }
    response = client_for(world.alice).post(
        reverse("learning:offering_update", args=[offering.pk]), data
    )
    assert response.status_code == 302
    offering.refresh_from_db()
    assert offering.title == "Circulation desk, the basics"
    assert offering.offer_hold_hours == 24


def test_competencies_page_sets_and_shows_a_level(world, catalogue, client_for, framework):
    competency = framework.competencies.get(code="ils")
    url = reverse("learning:offering_competencies", args=[catalogue.network_workshop.pk])
    client = client_for(world.nina)
    response = client.post(url, {"competency": competency.pk, "level": "3"})
    assert response.status_code == 302
    assert OfferingCompetency.objects.get(offering=catalogue.network_workshop).level == 3
    assert "Ils" in client.get(url).content.decode()


def test_competencies_page_refuses_a_level_off_the_scale(world, catalogue, client_for, framework):
    url = reverse("learning:offering_competencies", args=[catalogue.network_workshop.pk])
    response = client_for(world.nina).post(
        url, {"competency": framework.competencies.first().pk, "level": "9"}
    )
    assert response.status_code == 400
    assert "level" in response.context["form"].errors
