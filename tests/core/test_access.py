from ladder.core.access import access_for
from ladder.people.selectors import people_managed_by, people_visible_to


def test_roles_are_derived_from_roles_and_employments(world):
    alice = access_for(world.alice)
    assert world.riverside.pk in alice.admin_library_ids
    assert world.sam.pk in alice.report_ids
    # The supervisor chain is transitive: alice supervises sam who supervises bob.
    assert world.bob.pk in alice.report_ids
    assert access_for(world.sam).report_ids == {world.bob.pk}
    assert not access_for(world.bob).is_supervisor
    assert access_for(world.nina).is_coordinator
    assert access_for(world.root).is_site_admin


def test_other_librarys_admin_cannot_see_riverside_staff(world):
    visible = set(people_visible_to(access_for(world.carol)))
    assert world.bob not in visible
    assert world.dave in visible


def test_colleagues_see_each_other_but_not_private_records(world):
    bob = access_for(world.bob)
    assert world.sam in set(people_visible_to(bob))
    assert world.sam not in set(people_managed_by(bob))
    assert world.bob in set(people_managed_by(access_for(world.sam)))


def test_coordinator_sees_no_staff_directory_by_default(world):
    assert list(people_visible_to(access_for(world.nina))) == [world.nina]
