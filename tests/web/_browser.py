"""Debian's Chromium driven by Playwright: one browser per session, a fresh context per test.

Playwright is used as a driver only (never ``playwright install``): it starts
``/usr/bin/chromium`` from the OS package with the flags this machine needs (no sandbox as
root, no background connections to a closed network). Each test gets its own browser
context, so cookies and sessions never leak between tests.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.web._harnas import ontbreekt

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Milliseconds a page action or expectation may take before the test fails.
WACHTTIJD_MS = 15_000


def _chromium_pad() -> str:
    gevonden = str(CHROMIUM) if CHROMIUM.exists() else shutil.which("chromium")
    if gevonden is None:
        ontbreekt("Chromium", "installeer het met scripts/setup.sh --test (Debian: chromium)")
    return gevonden


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """The Playwright ``Browser`` (Chromium) for the whole session."""
    pad = _chromium_pad()
    # Playwright's sync API keeps an asyncio loop registered as running on this thread;
    # Django then refuses ORM calls in the test process, which are all synchronous here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=pad, headless=True, args=CHROMIUM_FLAGS
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def pagina(chromium: Browser) -> Iterator[Page]:
    """A new page in a new browser context (Dutch locale, Amsterdam time)."""
    context = chromium.new_context(
        locale="nl-NL", timezone_id="Europe/Amsterdam", accept_downloads=True
    )
    context.set_default_timeout(WACHTTIJD_MS)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()
