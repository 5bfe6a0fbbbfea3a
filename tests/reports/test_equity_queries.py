"""The equity report and training reach run a bounded number of queries, whatever the size."""

import pytest

from ladder.reports.reach import reach_figures
from tests.reports.equity_world import PERIOD, build

PAGE = "/reports/equity/"
API = "/api/v1/reports/equity"


@pytest.mark.parametrize("extra", [0, 30])
def test_page_and_api_queries_do_not_grow_with_staff(
    world, client_for, django_assert_max_num_queries, extra
):
    build(world, extra=extra)
    alice, nina = client_for(world.alice), client_for(world.nina)
    alice.get(PAGE)  # warm the session and the access cache
    nina.get(PAGE)
    # 5 to find who asks (session, person, roles, jobs), 1 scope, 6 for the figures, 1 for
    # the other reports the caller may open.
    with django_assert_max_num_queries(15):
        assert alice.get(PAGE, {"year": "2024"}).status_code == 200
    with django_assert_max_num_queries(17):
        assert nina.get(PAGE, {"year": "2024"}).status_code == 200
    with django_assert_max_num_queries(16):
        assert nina.get(API, {"year": "2024"}).status_code == 200


@pytest.mark.parametrize("extra", [0, 30])
def test_reach_figures_queries(world, django_assert_max_num_queries, extra):
    build(world, extra=extra)
    with django_assert_max_num_queries(3):
        figures = reach_figures([world.riverside], PERIOD, viewer_may_see_people=True)
    assert figures[0].rows[2][1] == 23 + extra
