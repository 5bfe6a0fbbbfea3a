"""The careers gap page points a degree gap at the tuition programmes open to the person."""

from __future__ import annotations

from django.urls import reverse

from ladder.careers import gaps as gp


def test_a_degree_gap_lists_the_programmes_of_the_persons_library(world, grow, client_for):
    analysis = gp.analyse(grow.tina, world.librarian2)

    assert any(g.kind == "education" for g in analysis.gaps)
    assert analysis.tuition_programmes == [
        (grow.programme.pk, "Grow Your Own Librarians", "State Library of Ohio")
    ]
    page = client_for(grow.tina).get(
        reverse("careers:gap", args=[grow.tina.pk, world.librarian2.pk])
    )
    assert page.status_code == 200
    assert f"{reverse('tuition:apply')}?programme={grow.programme.pk}" in page.content.decode()


def test_no_programme_for_staff_of_a_library_it_does_not_cover(world, grow, client_for):
    analysis = gp.analyse(world.dave, world.librarian2)

    assert any(g.kind == "education" for g in analysis.gaps)
    assert analysis.tuition_programmes == []
    page = client_for(world.dave).get(
        reverse("careers:gap", args=[world.dave.pk, world.librarian2.pk])
    )
    assert "No tuition programme in Ladder covers your library yet" in page.content.decode()


def test_an_inactive_programme_is_not_offered(world, grow):
    grow.programme.is_active = False
    grow.programme.save(update_fields=["is_active"])

    assert gp.analyse(grow.tina, world.librarian2).tuition_programmes == []
