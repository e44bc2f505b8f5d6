"""The console's main paths, in a real browser against the local stack."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from playrunner.webconsole import STATIC_DIR
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
    assert STATIC_DIR.is_dir()
