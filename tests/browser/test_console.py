"""The console's main paths, in a real browser against the local stack."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import log_in
from tests.e2e.stack import RunningStack

pytestmark = [pytest.mark.e2e, pytest.mark.browser]
EXAMPLE = Path(__file__).parents[2] / "layers" / "playrunner" / "examples" / "hello.yml"


def test_log_in_create_a_job_from_the_example_start_it_and_watch_every_host_turn_green(
    page: Page, stack: RunningStack
) -> None:
    log_in(page, stack)
    page.get_by_role("link", name="New job").click()
    page.get_by_label("Description").fill("hello from the console")
    page.get_by_label("…or load it from a file").set_input_files(str(EXAMPLE))
    expect(page.get_by_label("Playbook (YAML)")).to_have_value(EXAMPLE.read_text())
    page.get_by_label("Hosts").fill(
        "web1 ansible_connection=local tier=web\nweb2 ansible_connection=local tier=web\n"
        "db1 ansible_connection=local tier=db"
    )
    page.get_by_label("Parameters").fill("greeting=hello")
    page.get_by_role("button", name="Create job").click()

    expect(page.get_by_role("heading", name="hello from the console")).to_be_visible()
    page.get_by_label("greeting").fill("bonjour")
    page.get_by_role("button", name="Start", exact=True).click()

    expect(page.get_by_role("heading", name="Execution")).to_be_visible()
    grid = page.get_by_role("group", name="Hosts")
    expect(grid.get_by_role("button")).to_have_count(3)
    expect(page.locator(".badge").first).to_have_text("SUCCESS", timeout=120_000)
    for host in ("web1", "web2", "db1"):
        expect(grid.locator(f'[data-host="{host}"]')).to_have_attribute("data-state", "changed")
    expect(page.get_by_text("greeting=bonjour")).to_be_visible()
    expect(page.get_by_role("log", name="Output")).to_contain_text("PLAY RECAP")
    # The token is in this tab's session storage, not in a cookie or the URL.
    assert page.context.cookies() == []
    assert "eyJ" not in page.url
    assert page.evaluate("sessionStorage.getItem('playrunner.session')") is not None


def test_the_console_follows_the_systems_light_or_dark_theme(page: Page, stack: RunningStack) -> None:
    backgrounds = {}
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        page.goto(f"{stack.url}/console/#/login")
        expect(page.get_by_role("heading", name="Log in")).to_be_visible()
        backgrounds[scheme] = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert backgrounds == {"light": "rgb(255, 255, 255)", "dark": "rgb(13, 17, 23)"}


def test_a_wrong_password_is_refused_in_words_and_nothing_is_kept(page: Page, stack: RunningStack) -> None:
    page.goto(f"{stack.url}/console/")
    page.get_by_label("User name").fill(stack.username)
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_contain_text("(401")
    assert page.evaluate("sessionStorage.length") == 0
    assert page.context.cookies() == []
