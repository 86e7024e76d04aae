"""Fixtures of the fake ERP's own tests (the shared ones live in tests/fixtures_erp.py)."""

from __future__ import annotations

import pytest

from fake_erp.server import start_server
from tests.fixtures_erp import SEED


@pytest.fixture
def fresh_server():
    """A small server of its own, for tests that change global state (throttle, data counts)."""
    server = start_server(":memory:", seed=SEED)
    yield server
    server.stop()
