"""An upload kept between an import's preview and its commit belongs to whoever uploaded it."""

from __future__ import annotations

import pytest

from ladder.core.pending_uploads import pending_delete, pending_load, pending_save


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_the_owner_gets_the_bytes_back_until_it_is_deleted(world):
    token = pending_save(owner=world.alice, filename="staff.csv", data=b"email\n")
    assert pending_load(owner=world.alice, token=token, filename="staff.csv") == b"email\n"
    pending_delete(owner=world.alice, token=token, filename="staff.csv")
    assert pending_load(owner=world.alice, token=token, filename="staff.csv") is None


def test_someone_else_with_the_token_gets_nothing(world):
    token = pending_save(owner=world.alice, filename="staff.csv", data=b"email\n")
    assert pending_load(owner=world.carol, token=token, filename="staff.csv") is None


def test_a_token_that_could_name_another_file_is_refused(world):
    with pytest.raises(ValueError):
        pending_load(owner=world.alice, token="../../etc/passwd", filename="staff.csv")
