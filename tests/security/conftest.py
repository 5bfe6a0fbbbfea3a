"""Fixtures shared by the security tests: the tuition world, and the API client."""

from tests.api.conftest import api_for  # noqa: F401
from tests.tuition.conftest import grow  # noqa: F401
