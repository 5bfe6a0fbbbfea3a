"""Ladder pages: list, detail, create, edit steps, adopt, copy; permissions and queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ladder.core.models import AuditEntry
from ladder.people import ladders
from ladder.people.models import Ladder
from tests import factories as f


@pytest.fixture
def template(world):
    return ladders.ladder_create(
        by=world.nina,
        network=world.network,
        name="Buckeye career ladder",
        job_classes=[world.page, world.assistant, world.librarian2, world.manager],
    )


@pytest.fixture
def riverside_ladder(world):
    return ladders.ladder_create(
        by=world.alice,
        library=world.riverside,
        name="Riverside ladder",
        job_classes=[world.page, world.assistant],
    )


def steps_of(ladder):
    return [jc.code for jc in ladders.ladder_job_classes(ladder)]


def steps_url(ladder):
    return reverse("people:ladder_steps", args=[ladder.pk])


# --- list -----------------------------------------------------------------------------------


def test_list_needs_a_login(world, client):
    assert client.get(reverse("people:ladder_list")).status_code == 302


def test_list_shows_templates_own_ladders_and_which_ladder_my_library_uses(
    world, client_for, template, riverside_ladder
):
    ladders.ladder_adopt(by=world.alice, library=world.riverside, ladder=template)
    hillcrest = ladders.ladder_create(
        by=world.carol, library=world.hillcrest, name="Hillcrest ladder", job_classes=[]
    )
    body = client_for(world.alice).get(reverse("people:ladder_list")).content.decode()
    assert "Buckeye career ladder" in body
    assert "Riverside ladder" in body
    assert hillcrest.name not in body
    assert "Riverside Public Library uses" in body
    assert "New ladder" in body
    assert "Libraries using it" not in body


def test_coordinator_sees_how_many_libraries_use_each_ladder(world, client_for, template):
    ladders.ladder_adopt(by=world.alice, library=world.riverside, ladder=template)
    response = client_for(world.nina).get(reverse("people:ladder_list"))
    assert "Libraries using it" in response.content.decode()
    row = next(lad for lad in response.context["object_list"] if lad.pk == template.pk)
    assert row.adopter_count == 1
    assert row.step_count == 4


def test_list_filters_by_library(world, client_for, template, riverside_ladder):
    url = reverse("people:ladder_list") + f"?library={world.hillcrest.pk}"
    names = [lad.name for lad in client_for(world.bob).get(url).context["object_list"]]
    assert names == ["Buckeye career ladder"]


def _list_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_list_runs_the_same_number_of_queries_for_5_and_50_ladders(world, client_for, settings):
    settings.PAGE_SIZE = 100
    client = client_for(world.nina)
    url = reverse("people:ladder_list")
    source = f.LadderFactory(network=world.network)

    def add(n):
        for i in range(n):
            ladder = f.LadderFactory(
                network=None if i % 2 else world.network,
                library=world.riverside if i % 2 else None,
                copied_from=source,
            )
            f.LadderStepFactory(ladder=ladder, job_class=world.page, position=1)
            f.LadderStepFactory(ladder=ladder, job_class=world.assistant, position=2)

    add(4)
    few = _list_queries(client, url)
    add(46)
    assert Ladder.objects.count() >= 50
    many = _list_queries(client, url)
    assert few == many


# --- detail ---------------------------------------------------------------------------------


def test_detail_lists_steps_in_order_with_their_requirements(world, client_for, template):
    response = client_for(world.bob).get(template.get_absolute_url())
    body = response.content.decode()
    assert response.status_code == 200
    positions = [body.index(name) for name in ("Page", "Library Assistant", "Librarian II")]
    assert positions == sorted(positions)
    assert "MLS/MLIS from an ALA-accredited programme" in body
    assert "3 years of experience" in body
    assert "Edit steps" not in body
    assert "Adopt this template" not in body


def test_detail_steps_need_a_bounded_number_of_queries(world, client_for, template):
    client = client_for(world.bob)
    with CaptureQueriesContext(connection) as few:
        client.get(template.get_absolute_url())
    for _ in range(10):
        ladders.ladder_set_steps(
            by=world.nina,
            ladder=template,
            job_classes=[*ladders.ladder_job_classes(template), f.JobClassFactory()],
        )
    with CaptureQueriesContext(connection) as many:
        client.get(template.get_absolute_url())
    assert len(few.captured_queries) == len(many.captured_queries)


def test_library_admin_is_offered_adopt_and_copy_and_sees_their_ladder(world, client_for, template):
    body = client_for(world.alice).get(template.get_absolute_url()).content.decode()
    assert "Adopt this template" in body
    assert "Copy and change" in body
    assert "Riverside Public Library uses no ladder yet" in body
    assert "Edit steps" not in body


def test_coordinator_sees_the_libraries_using_the_template_and_copies(world, client_for, template):
    ladders.ladder_adopt(by=world.alice, library=world.riverside, ladder=template)
    ladders.ladder_copy(by=world.carol, library=world.hillcrest, ladder=template, name="HC")
    body = client_for(world.nina).get(template.get_absolute_url()).content.decode()
    assert "Libraries using this ladder" in body
    assert "Riverside Public Library" in body
    assert "Library copies" in body
    assert "HC" in body
    assert "Edit steps" in body


def test_staff_do_not_see_which_libraries_adopted(world, client_for, template):
    ladders.ladder_adopt(by=world.carol, library=world.hillcrest, ladder=template)
    body = client_for(world.bob).get(template.get_absolute_url()).content.decode()
    assert "Libraries using this ladder" not in body


def test_detail_of_a_missing_ladder_is_404(world, client_for):
    assert (
        client_for(world.bob).get(reverse("people:ladder_detail", args=[999999])).status_code == 404
    )


# --- create ---------------------------------------------------------------------------------


def test_staff_cannot_create_a_ladder(world, client_for):
    client = client_for(world.bob)
    assert client.get(reverse("people:ladder_create")).status_code == 403
    response = client.post(
        reverse("people:ladder_create"),
        {"owner": f"library:{world.riverside.pk}", "name": "X", "job_classes": [world.page.pk]},
    )
    assert response.status_code == 403


def test_coordinator_creates_a_template_ordered_by_requirements(world, client_for):
    response = client_for(world.nina).post(
        reverse("people:ladder_create"),
        {
            "owner": f"network:{world.network.pk}",
            "name": "Buckeye ladder",
            "job_classes": [world.manager.pk, world.page.pk, world.librarian2.pk],
        },
    )
    ladder = Ladder.objects.get(name="Buckeye ladder")
    assert response.status_code == 302
    assert response["Location"] == steps_url(ladder)
    assert ladder.network == world.network
    assert steps_of(ladder) == ["page", "librarian-ii", "branch-manager"]


def test_create_rejects_another_librarys_class_on_the_steps_field(world, client_for):
    hillcrest_own = f.JobClassFactory(name="Archives Technician", library=world.hillcrest)
    response = client_for(world.alice).post(
        reverse("people:ladder_create"),
        {
            "owner": f"library:{world.riverside.pk}",
            "name": "Riverside ladder",
            "job_classes": [world.page.pk, hillcrest_own.pk],
        },
    )
    assert response.status_code == 200
    assert "job_classes" in response.context["form"].errors
    assert not Ladder.objects.filter(name="Riverside ladder").exists()


def test_coordinators_template_cannot_include_a_librarys_own_class(world, client_for):
    own = f.JobClassFactory(name="Outreach", library=world.riverside)
    response = client_for(world.root).post(
        reverse("people:ladder_create"),
        {"owner": f"network:{world.network.pk}", "name": "T", "job_classes": [own.pk]},
    )
    assert response.status_code == 200
    assert "job_classes" in response.context["form"].errors


# --- steps ----------------------------------------------------------------------------------


def test_steps_page_is_403_for_those_who_may_not_edit(
    world, client_for, template, riverside_ladder
):
    assert client_for(world.alice).get(steps_url(template)).status_code == 403
    assert client_for(world.carol).get(steps_url(riverside_ladder)).status_code == 403
    assert client_for(world.nina).get(steps_url(riverside_ladder)).status_code == 403
    response = client_for(world.carol).post(steps_url(riverside_ladder), {"move": "up:1"})
    assert response.status_code == 403
    assert (
        client_for(world.nina).get(reverse("people:ladder_steps", args=[999999])).status_code == 404
    )


def test_position_numbers_reorder_and_remove_and_add_steps(world, client_for, riverside_ladder):
    own = f.JobClassFactory(name="Outreach", code="outreach", library=world.riverside)
    client = client_for(world.alice)
    assert client.get(steps_url(riverside_ladder)).status_code == 200
    response = client.post(
        steps_url(riverside_ladder),
        {
            f"position_{world.page.pk}": "2",
            f"position_{world.assistant.pk}": "1",
            f"position_{world.manager.pk}": "3",
            "add-job_class": str(own.pk),
            "add-position": "2",
        },
    )
    assert response.status_code == 302
    assert steps_of(riverside_ladder) == ["library-assistant", "outreach", "page"]
    response = client.post(
        steps_url(riverside_ladder),
        {
            f"position_{world.assistant.pk}": "1",
            f"position_{own.pk}": "2",
            f"position_{world.page.pk}": "3",
            f"remove_{own.pk}": "on",
        },
    )
    assert steps_of(riverside_ladder) == ["library-assistant", "page"]
    entry = AuditEntry.objects.filter(action="people.ladder.steps_changed").first()
    assert entry.changes["steps"][1] == ["Library Assistant [library-assistant]", "Page [page]"]


def test_move_buttons_swap_neighbours(world, client_for, template):
    client = client_for(world.nina)
    response = client.post(steps_url(template), {"move": f"down:{world.page.pk}"})
    assert response.status_code == 302
    assert steps_of(template)[:2] == ["library-assistant", "page"]
    client.post(steps_url(template), {"move": f"up:{world.manager.pk}"})
    assert steps_of(template) == ["library-assistant", "page", "branch-manager", "librarian-ii"]
    # Moving the top step up is no move at all.
    client.post(steps_url(template), {"move": f"up:{world.assistant.pk}"})
    assert steps_of(template)[0] == "library-assistant"


def test_bad_position_names_the_field_and_saves_nothing(world, client_for, riverside_ladder):
    response = client_for(world.alice).post(
        steps_url(riverside_ladder),
        {f"position_{world.page.pk}": "0", f"position_{world.assistant.pk}": "x"},
    )
    assert response.status_code == 200
    errors = response.context["steps_form"].errors
    assert f"position_{world.page.pk}" in errors
    assert f"position_{world.assistant.pk}" in errors
    assert steps_of(riverside_ladder) == ["page", "library-assistant"]


def test_adding_another_librarys_class_is_refused(world, client_for, riverside_ladder):
    foreign = f.JobClassFactory(name="Archives Technician", library=world.hillcrest)
    response = client_for(world.alice).post(
        steps_url(riverside_ladder),
        {
            f"position_{world.page.pk}": "1",
            f"position_{world.assistant.pk}": "2",
            "add-job_class": str(foreign.pk),
        },
    )
    assert response.status_code == 200
    assert "job_class" in response.context["add_form"].errors
    assert steps_of(riverside_ladder) == ["page", "library-assistant"]


# --- adopt and copy -------------------------------------------------------------------------


def test_library_admin_adopts_the_template(world, client_for, template):
    response = client_for(world.alice).post(
        reverse("people:ladder_adopt", args=[template.pk]), {"library": world.riverside.pk}
    )
    assert response.status_code == 302
    world.riverside.refresh_from_db()
    assert world.riverside.ladder == template


def test_adopt_for_another_library_is_403(world, client_for, template):
    response = client_for(world.carol).post(
        reverse("people:ladder_adopt", args=[template.pk]), {"library": world.riverside.pk}
    )
    assert response.status_code == 403
    world.riverside.refresh_from_db()
    assert world.riverside.ladder is None


def test_adopting_another_librarys_ladder_shows_an_error(world, client_for, riverside_ladder):
    client = client_for(world.carol)
    response = client.post(
        reverse("people:ladder_adopt", args=[riverside_ladder.pk]),
        {"library": world.hillcrest.pk},
        follow=True,
    )
    assert "may use only its network" in response.content.decode()
    world.hillcrest.refresh_from_db()
    assert world.hillcrest.ladder is None


def test_adopt_is_post_only_and_404_for_missing(world, client_for, template):
    client = client_for(world.alice)
    assert client.get(reverse("people:ladder_adopt", args=[template.pk])).status_code == 405
    response = client.post(
        reverse("people:ladder_adopt", args=[template.pk]), {"library": "999999"}
    )
    assert response.status_code == 404
    response = client.post(
        reverse("people:ladder_adopt", args=[999999]), {"library": world.riverside.pk}
    )
    assert response.status_code == 404


def test_copy_and_change_makes_an_adopted_copy_and_opens_its_steps(world, client_for, template):
    client = client_for(world.alice)
    url = reverse("people:ladder_copy", args=[template.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"library": world.riverside.pk, "name": ""})
    copy = Ladder.objects.get(library=world.riverside)
    assert response.status_code == 302
    assert response["Location"] == steps_url(copy)
    assert copy.copied_from == template
    world.riverside.refresh_from_db()
    assert world.riverside.ladder == copy
    assert steps_of(copy) == steps_of(template)


def test_copy_is_403_for_staff_and_coordinators(world, client_for, template):
    url = reverse("people:ladder_copy", args=[template.pk])
    assert client_for(world.bob).get(url).status_code == 403
    assert client_for(world.nina).get(url).status_code == 403
    assert client_for(world.bob).post(url, {"library": world.riverside.pk}).status_code == 403


def test_copy_for_a_library_one_does_not_administer_is_refused(world, client_for, template):
    response = client_for(world.carol).post(
        reverse("people:ladder_copy", args=[template.pk]), {"library": world.riverside.pk}
    )
    assert response.status_code == 200
    assert "library" in response.context["form"].errors
    assert not Ladder.objects.filter(library=world.riverside).exists()


def test_copy_with_a_taken_name_shows_the_error_on_the_name(world, client_for, template):
    ladders.ladder_copy(by=world.alice, library=world.riverside, ladder=template, name="Mine")
    response = client_for(world.alice).post(
        reverse("people:ladder_copy", args=[template.pk]),
        {"library": world.riverside.pk, "name": "Mine"},
    )
    assert response.status_code == 200
    assert "name" in response.context["form"].errors
