"""An execution's page: a failed host in red with its failed task, restarting only that host
from the page, stopping a long run, and the page's polling budget."""

import time

import pytest
from playwright.sync_api import Page, Request, expect

from tests.browser.conftest import keep_screenshot, log_in
from tests.browser.jobs import execution_page, make_job, start
from tests.e2e.stack import RunningStack

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

FAILS_ON_DB2 = """
- hosts: all
  gather_facts: false
  tasks:
    - name: Check the host answers
      ansible.builtin.ping:
    - name: Migrate the database
      ansible.builtin.fail:
        msg: the migration failed on {{ inventory_hostname }}
      when: inventory_hostname == "db2"
"""
SLOW = """
- hosts: all
  gather_facts: false
  tasks:
    - name: Take a long time
      ansible.builtin.command: sleep 300
"""


def api_requests(page: Page) -> list[tuple[float, str]]:
    seen: list[tuple[float, str]] = []

    def record(request: Request) -> None:
        if "/console/" not in request.url:
            seen.append((time.monotonic(), request.url))

    page.on("request", record)
    return seen


def test_a_failed_host_shows_red_with_its_failed_task_and_restart_runs_only_it(
    page: Page, stack: RunningStack, token: str
) -> None:
    job_id = make_job(stack, token, "fails on db2", FAILS_ON_DB2, ["db1", "db2", "db3"])
    execution_id = start(stack, token, job_id)
    log_in(page, stack)
    page.goto(execution_page(stack, job_id, execution_id))

    expect(page.locator("h1 .badge")).to_have_text("FAILURE", timeout=120_000)
    grid = page.get_by_role("group", name="Hosts")
    expect(grid.locator('[data-host="db2"]')).to_have_attribute("data-state", "failed")
    expect(grid.locator('[data-host="db2"]')).to_have_text("F")  # not colour alone
    expect(grid.locator('[data-host="db1"]')).to_have_attribute("data-state", "ok")

    grid.locator('[data-host="db2"]').click()
    panel = page.get_by_role("region", name="Host")
    expect(panel.get_by_role("heading", name="db2")).to_be_focused()
    failed_row = panel.get_by_role("row").filter(has_text="runner_on_failed")
    expect(failed_row).to_contain_text("Migrate the database")
    expect(failed_row).to_contain_text("the migration failed on db2")
    keep_screenshot(page, "console-execution.png")

    page.get_by_role("button", name="Restart failed hosts").click()
    expect(page.get_by_role("status").filter(has_text="Restart failed hosts: accepted")).to_be_visible()
    # The same execution runs again, against db2 alone, and fails again there.
    expect(page.get_by_role("row").filter(has_text="2").first).to_be_visible()
    finished = stack.wait_for_status(token, job_id, execution_id, {"FAILURE", "SUCCESS"}, timeout=120)
    assert len(finished["timers"]) == 2
    events = stack.call(
        "GET", f"/jobs/{stack.account}/{job_id}/executions/{execution_id}/events?limit=1000", token
    ).json()["events"]
    assert {e["host"] for e in events if e["run"] == 2 and e.get("host")} == {"db2"}
    expect(page.locator("h1 .badge")).to_have_text("FAILURE", timeout=60_000)
    expect(grid.locator('[data-host="db2"]')).to_have_attribute("data-state", "failed")
    expect(grid.locator('[data-host="db1"]')).to_have_attribute("data-state", "ok")


def test_stop_a_long_run_from_the_page_polling_at_most_once_a_second_and_not_after_the_end(
    page: Page, stack: RunningStack, token: str
) -> None:
    job_id = make_job(stack, token, "slow", SLOW, ["slow1", "slow2"])
    execution_id = start(stack, token, job_id)
    log_in(page, stack)
    seen = api_requests(page)
    page.goto(execution_page(stack, job_id, execution_id))
    grid = page.get_by_role("group", name="Hosts")
    expect(grid.locator('[data-host="slow1"]')).to_have_attribute("data-state", "running", timeout=60_000)
    expect(page.get_by_text("Current task: Take a long time")).to_be_visible()

    # (wait_for_timeout, not sleep: Playwright tells of requests only while it is waited on)
    window_start = time.monotonic()
    page.wait_for_timeout(6000)
    polled = [url for at, url in seen if at >= window_start]
    assert 4 <= len(polled) <= 7, polled  # 6 s at one request a second, give or take the edge

    page.get_by_role("button", name="Stop").click()
    expect(page.get_by_role("status").filter(has_text="Stop: accepted, status STOPPING")).to_be_visible()
    expect(page.locator("h1 .badge")).to_have_text("STOPPED", timeout=120_000)
    expect(page.get_by_role("button", name="Stop")).to_be_disabled()
    expect(page.get_by_role("button", name="Kill")).to_be_disabled()

    # Once the run is final and read, the page asks for nothing more.
    page.wait_for_timeout(8000)
    settled = len(seen)
    page.wait_for_timeout(4000)
    assert len(seen) == settled, seen[settled:]


def test_a_refusal_is_explained_in_words(page: Page, stack: RunningStack, token: str) -> None:
    job_id = make_job(stack, token, "refused", FAILS_ON_DB2, ["db1"])
    execution_id = start(stack, token, job_id)
    stack.wait_for_status(token, job_id, execution_id, {"SUCCESS"})
    log_in(page, stack)
    page.goto(execution_page(stack, job_id, execution_id))
    expect(page.locator("h1 .badge")).to_have_text("SUCCESS")
    # The button is disabled for a SUCCESS run; the API's answer is shown when it is asked anyway.
    page.evaluate("document.querySelector('.actions button').disabled = false")
    page.get_by_role("button", name="Restart failed hosts").click()
    expect(page.get_by_role("status").filter(has_text="Not possible in its current state (409")).to_be_visible()
