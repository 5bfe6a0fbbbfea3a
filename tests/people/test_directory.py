import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories as f


def names(response) -> list[str]:
    return [p.display_name for p in response.context["object_list"]]


def test_directory_requires_login(client):
    response = client.get("/people/directory/")
    assert response.status_code == 302


def test_staff_see_their_colleagues_not_other_libraries(world, client_for):
    response = client_for(world.bob).get("/people/directory/")
    assert response.status_code == 200
    assert set(names(response)) == {"Alice Admin", "Sam Super", "Bob Page"}


def test_other_librarys_admin_sees_only_their_library(world, client_for):
    response = client_for(world.carol).get("/people/directory/")
    assert set(names(response)) == {"Carol Other", "Dave Assist"}
    body = response.content.decode()
    assert "Bob Page" not in body


def test_coordinator_sees_no_staff(world, client_for):
    response = client_for(world.nina).get("/people/directory/")
    assert names(response) == []


def test_people_whose_jobs_ended_are_not_listed(world, client_for):
    world.bob.employments.update(end_date=dt.date(2022, 1, 1))
    response = client_for(world.alice).get("/people/directory/")
    assert "Bob Page" not in names(response)


def test_search_by_name_or_email(world, client_for):
    client = client_for(world.root)
    assert names(client.get("/people/directory/", {"q": "bob"})) == ["Bob Page"]
    assert names(client.get("/people/directory/", {"q": "hillcrest.example dave"})) == [
        "Dave Assist"
    ]


def test_filter_by_library_branch_and_region(world, client_for):
    client = client_for(world.root)
    by_library = names(client.get("/people/directory/", {"library": world.hillcrest.pk}))
    assert set(by_library) == {"Carol Other", "Dave Assist"}
    by_region = names(client.get("/people/directory/", {"region": world.north.pk}))
    assert set(by_region) == {"Alice Admin", "Sam Super", "Bob Page"}
    f.EmploymentFactory(
        person=world.bob,
        library=world.riverside,
        branch=world.riverside_east,
        job_class=world.assistant,
        weekly_hours=Decimal("10"),
        start_date=dt.date(2022, 1, 1),
    )
    by_branch = names(client.get("/people/directory/", {"branch": world.riverside_east.pk}))
    assert by_branch == ["Bob Page"]


def test_filter_by_job_class_and_schedule(world, client_for):
    client = client_for(world.alice)
    assert names(client.get("/people/directory/", {"job_class": world.page.pk})) == ["Bob Page"]
    assert names(client.get("/people/directory/", {"schedule": "part"})) == ["Bob Page"]
    assert set(names(client.get("/people/directory/", {"schedule": "full"}))) == {
        "Alice Admin",
        "Sam Super",
    }


def test_schedule_uses_each_librarys_threshold(world, client_for):
    world.riverside.full_time_threshold = Decimal("15")
    world.riverside.save()
    names_full = names(client_for(world.alice).get("/people/directory/", {"schedule": "full"}))
    assert "Bob Page" in names_full


def test_filters_apply_to_the_same_job(world, client_for):
    # bob is a page at Main and, since now, an assistant at Eastside: "page at Eastside" is nobody.
    f.EmploymentFactory(
        person=world.bob,
        library=world.riverside,
        branch=world.riverside_east,
        job_class=world.assistant,
        weekly_hours=Decimal("10"),
        start_date=dt.date(2022, 1, 1),
    )
    response = client_for(world.alice).get(
        "/people/directory/", {"job_class": world.page.pk, "branch": world.riverside_east.pk}
    )
    assert names(response) == []


def test_a_library_the_user_cannot_filter_by_is_an_error_on_that_field(world, client_for):
    response = client_for(world.carol).get("/people/directory/", {"library": world.riverside.pk})
    assert "library" in response.context["form"].errors
    assert set(names(response)) == {"Carol Other", "Dave Assist"}


def test_rows_show_job_class_library_and_branch(world, client_for):
    body = client_for(world.bob).get("/people/directory/", {"q": "sam"}).content.decode()
    assert "Branch Manager" in body
    assert "Riverside Public Library, Riverside Main" in body
    assert "Full-time" in body


def test_htmx_request_gets_only_the_results(world, client_for):
    response = client_for(world.bob).get("/people/directory/", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body
    assert "Bob Page" in body


def test_pagination_keeps_the_filters(world, client_for, settings):
    settings.PAGE_SIZE = 2
    for i in range(3):
        f.EmploymentFactory(
            person=f.PersonFactory(last_name=f"Zed{i}"),
            library=world.riverside,
            job_class=world.page,
            weekly_hours=Decimal("10"),
        )
    response = client_for(world.alice).get("/people/directory/", {"job_class": world.page.pk})
    assert response.context["page_obj"].paginator.count == 4
    assert f"job_class={world.page.pk}&amp;page=2" in response.content.decode()


def test_export_links_appear_only_when_the_export_exists(world, client_for):
    from django.urls import NoReverseMatch, reverse

    response = client_for(world.alice).get("/people/directory/", {"q": "bob", "page": "1"})
    try:
        reverse("people:directory_export")
    except NoReverseMatch:
        assert response.context["export_links"] == []
    else:
        urls = [link["url"] for link in response.context["export_links"]]
        assert any("format=csv" in u and "q=bob" in u and "page" not in u for u in urls)
        assert any("format=xlsx" in u for u in urls)


def _add_staff(world, count: int) -> None:
    for _ in range(count):
        person = f.PersonFactory()
        f.EmploymentFactory(
            person=person,
            library=world.riverside,
            branch=world.riverside_east,
            job_class=world.assistant,
            weekly_hours=Decimal("20"),
            supervisor=world.sam,
        )
        # A second concurrent job for some, so the prefetch is really exercised.
        f.EmploymentFactory(
            person=person, library=world.riverside, job_class=world.page, weekly_hours=8
        )


def _directory_queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/people/directory/", {"library": ""})
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_directory_runs_the_same_number_of_queries_for_5_and_50_people(world, client_for, settings):
    settings.PAGE_SIZE = 100
    _add_staff(world, 5)
    few = _directory_queries(client_for(world.alice))
    _add_staff(world, 45)
    many = _directory_queries(client_for(world.alice))
    assert few == many


def test_former_staff_now_at_another_library_leave_the_directory(world, client_for):
    world.bob.employments.update(end_date=dt.date(2022, 1, 1))
    f.EmploymentFactory(
        person=world.bob,
        library=world.hillcrest,
        job_class=world.page,
        weekly_hours=Decimal("10"),
        start_date=dt.date(2022, 2, 1),
    )
    assert "Bob Page" not in names(client_for(world.alice).get("/people/directory/"))
    assert "Bob Page" in names(client_for(world.carol).get("/people/directory/"))


def test_a_second_job_elsewhere_is_listed_with_the_first(world, client_for):
    f.EmploymentFactory(
        person=world.dave,
        library=world.riverside,
        branch=world.riverside_east,
        job_class=world.page,
        weekly_hours=Decimal("8"),
        start_date=dt.date(2022, 2, 1),
    )
    response = client_for(world.alice).get("/people/directory/", {"q": "dave"})
    [dave] = response.context["object_list"]
    assert {job.library for job in dave.current_employments} == {world.riverside, world.hillcrest}
