"""Creating and editing licence pools: who may, the limits, and more seats serving the queue."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from ladder.core.models import AuditEntry
from ladder.shared_learning import pools_admin
from ladder.shared_learning.models import LicencePool, LicenceRequest, LicenceWindow

pytestmark = pytest.mark.django_db


def data(**overrides):
    values = dict(name="LinkedIn Learning", platform="LinkedIn Learning", seats=2)
    values.update(overrides)
    return pools_admin.PoolData(**values)


def test_coordinator_creates_a_network_pool_with_defaults(world):
    pool = pools_admin.pool_create(by=world.nina, data=data(), network=world.network)
    assert pool.network == world.network and pool.library is None
    assert (pool.window_days, pool.cooldown_days, pool.max_start_delay_days) == (14, 90, 14)
    assert AuditEntry.objects.filter(action="shared_learning.licence_pool.created").exists()


def test_library_admin_creates_for_own_library_only(world):
    pool = pools_admin.pool_create(by=world.alice, data=data(), library=world.riverside)
    assert pool.library == world.riverside
    with pytest.raises(PermissionDenied):
        pools_admin.pool_create(by=world.carol, data=data(), library=world.riverside)
    with pytest.raises(PermissionDenied):
        pools_admin.pool_create(by=world.alice, data=data(), network=world.network)


def test_bad_values_are_refused(world):
    with pytest.raises(ValidationError) as exc:
        pools_admin.pool_create(
            by=world.nina,
            data=data(name=" ", seats=0, window_days=0, cooldown_days=-1),
            network=world.network,
        )
    assert set(exc.value.message_dict) == {"name", "seats", "window_days", "cooldown_days"}
    with pytest.raises(ValidationError):
        pools_admin.pool_create(by=world.nina, data=data())  # no owner
    assert not LicencePool.objects.exists()


def _pool_with_queue(world):
    pool = pools_admin.pool_create(by=world.nina, data=data(seats=1), network=world.network)
    today = timezone.localdate()
    LicenceWindow.objects.create(
        pool=pool,
        person=world.alice,
        starts_on=today,
        ends_on=today + dt.timedelta(days=13),
        status="active",
    )
    LicenceRequest.objects.create(pool=pool, person=world.bob, never_had_window=True)
    return pool


def test_more_seats_go_to_the_queue(world):
    pool = _pool_with_queue(world)
    pools_admin.pool_update(by=world.nina, pool=pool, data=data(seats=2))
    assert LicenceRequest.objects.get(person=world.bob).status == "granted"
    assert LicenceWindow.objects.filter(pool=pool, person=world.bob, status="active").exists()


def test_seats_cannot_drop_below_those_in_use(world):
    pool = _pool_with_queue(world)
    pools_admin.pool_update(by=world.nina, pool=pool, data=data(seats=2))
    with pytest.raises(ValidationError) as exc:
        pools_admin.pool_update(by=world.nina, pool=pool, data=data(seats=1))
    assert "2 seats are in use" in exc.value.message_dict["seats"][0]
    assert LicencePool.objects.get(pk=pool.pk).seats == 2


def test_only_coordinators_update(world):
    pool = pools_admin.pool_create(by=world.nina, data=data(), network=world.network)
    for person in (world.alice, world.carol, world.bob):
        with pytest.raises(PermissionDenied):
            pools_admin.pool_update(by=person, pool=pool, data=data(seats=9))
    assert LicencePool.objects.get(pk=pool.pk).seats == 2


def test_create_page(world, client_for):
    client = client_for(world.nina)
    url = reverse("shared_learning:pool_create")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "owner": f"network:{world.network.pk}",
            "name": "Lynda",
            "platform": "Lynda.com",
            "seats": 3,
            "window_days": 14,
            "cooldown_days": 90,
            "max_start_delay_days": 14,
            "active": "on",
        },
    )
    pool = LicencePool.objects.get()
    assert response.status_code == 302 and response["Location"] == pool.get_absolute_url()
    assert pool.seats == 3


def test_create_page_refuses_staff_and_foreign_owners(world, client_for):
    url = reverse("shared_learning:pool_create")
    assert client_for(world.bob).get(url).status_code == 403
    # carol may create for Hillcrest, but Riverside is not among her choices.
    response = client_for(world.carol).post(
        url,
        {
            "owner": f"library:{world.riverside.pk}",
            "name": "X",
            "platform": "Y",
            "seats": 1,
            "window_days": 14,
            "cooldown_days": 90,
            "max_start_delay_days": 14,
        },
    )
    assert response.status_code == 200 and not LicencePool.objects.exists()


def test_edit_page_permissions(world, client_for):
    pool = pools_admin.pool_create(by=world.alice, data=data(), library=world.riverside)
    url = reverse("shared_learning:pool_edit", args=[pool.pk])
    assert client_for(world.alice).get(url).status_code == 200
    assert client_for(world.bob).get(url).status_code == 403  # sees it, may not change it
    assert client_for(world.carol).get(url).status_code == 404  # another library's admin
    response = client_for(world.alice).post(
        url,
        {
            "name": "Renamed",
            "platform": "LinkedIn Learning",
            "seats": 4,
            "window_days": 7,
            "cooldown_days": 30,
            "max_start_delay_days": 0,
        },
    )
    assert response.status_code == 302
    pool.refresh_from_db()
    assert (pool.name, pool.seats, pool.window_days, pool.active) == ("Renamed", 4, 7, False)
