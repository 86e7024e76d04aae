"""Browser tests drive Debian's chromium through Playwright (notes/stack.md): Playwright's own
browser download is neither possible nor needed here."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Not under test-results/: pytest-playwright empties that folder at the start of every run.
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots" / "e2e"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"],
    }


@pytest.fixture
def screenshot(page):
    """Saves a full-page screenshot named for the step, for a person to look at afterwards."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    count = iter(range(1, 100))

    def take(name: str) -> Path:
        path = SCREENSHOTS / f"{next(count):02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
