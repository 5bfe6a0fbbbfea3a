"""List pages run the same number of queries however many rows they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories as f


def add_libraries(world, count):
    for _ in range(count):
        library = f.LibraryFactory(region=world.north)
        f.MembershipFactory(network=world.network, library=library)
        branch = f.BranchFactory(library=library)
        f.BranchFactory(library=library)
        f.EmploymentFactory(library=library, branch=branch, job_class=world.page)


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url",
    [
        reverse("orgs:library_list"),
        reverse("orgs:library_list") + "?q=library&membership=current",
        reverse("orgs:branch_list"),
        reverse("orgs:branch_list") + "?q=main",
        reverse("orgs:network_list"),
    ],
)
def test_list_pages_run_the_same_queries_for_5_and_50_libraries(world, client_for, settings, url):
    settings.PAGE_SIZE = 200  # every row on one page, so each row's cost would show
    client = client_for(world.alice)
    add_libraries(world, 3)  # with the world's two: 5 libraries
    five = queries_for(client, url)

    add_libraries(world, 45)
    fifty = queries_for(client, url)

    assert five == fifty


def test_network_page_runs_the_same_queries_for_5_and_50_members(world, client_for):
    client = client_for(world.nina)
    url = reverse("orgs:network_detail", args=[world.network.pk])
    add_libraries(world, 3)
    five = queries_for(client, url)

    add_libraries(world, 45)
    fifty = queries_for(client, url)

    assert five == fifty


def test_library_page_runs_the_same_queries_for_few_and_many_branches(world, client_for):
    client = client_for(world.alice)
    url = world.riverside.get_absolute_url()
    few = queries_for(client, url)

    for _ in range(30):
        branch = f.BranchFactory(library=world.riverside)
        f.EmploymentFactory(library=world.riverside, branch=branch, job_class=world.page)
    many = queries_for(client, url)

    assert few == many
