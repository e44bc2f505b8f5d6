"""The web console in a real browser: Playwright driving Debian's chromium (installed by
`make test`, never downloaded) against a local stack of its own per test module. A failing
test leaves a screenshot of its page in test-artifacts/."""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.e2e.conftest import stack, token  # noqa: F401 - a local stack per test module, as e2e's
from tests.e2e.stack import RunningStack

ARTIFACTS = Path(__file__).parents[2] / "test-artifacts"
DOCS = Path(__file__).parents[2] / "docs"
CHROMIUM = "chromium"
expect.set_options(timeout=30_000)


def chromium_path() -> str:
    found = shutil.which(CHROMIUM)
    if found is None:
        pytest.fail("Debian's chromium is not installed: run `make test` (scripts/install-system-deps.sh)")
    return found


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[Any]) -> Any:
    report = yield
    if report.when == "call" and report.failed:
        page = getattr(item, "console_page", None)
        if page is not None and not page.is_closed():
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"{item.name}.png"), full_page=True)
    return report


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    request.node.console_page = opened
    yield opened
    context.close()
    assert not errors, f"the console threw: {errors}"


def keep_screenshot(page: Page, name: str) -> None:
    """A picture of PAGE in test-artifacts/; with PLAYRUNNER_UPDATE_DOCS=1 also in docs/ (the README's)."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=False)
    if os.environ.get("PLAYRUNNER_UPDATE_DOCS") == "1":
        shutil.copy(ARTIFACTS / name, DOCS / name)


def log_in(page: Page, running: RunningStack) -> None:
    page.goto(f"{running.url}/console/")
    page.get_by_label("User name").fill(running.username)
    page.get_by_label("Password").fill(running.password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Jobs")).to_be_visible()
