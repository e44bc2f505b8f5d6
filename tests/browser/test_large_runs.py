"""Large runs in the browser: a 1,000-host grid renders every host and stays interactive, and
100,000 lines of output scroll while only the lines in sight are in the page.

The bounds are generous (a shared 2-core machine runs the stack, Ansible and the browser);
docs/benchmarks.md is where speed is measured."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import log_in
from tests.browser.jobs import execution_page, make_job, start
from tests.e2e.stack import RunningStack

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

HOSTS = 1000
GRID_RENDER_BOUND_MS = 5000
CLICK_BOUND_MS = 500
LINES = 100_000
ONE_DEBUG = "- hosts: all\n  gather_facts: false\n  tasks:\n    - ansible.builtin.debug:\n        msg: hi\n"
MANY_LINES = f"""
- hosts: all
  gather_facts: false
  tasks:
    - ansible.builtin.debug:
        var: lines
      vars:
        lines: "{{{{ range({LINES}) | list }}}}"
"""


@pytest.mark.timeout(600)
def test_a_thousand_host_grid_renders_every_host_and_stays_interactive(
    page: Page, stack: RunningStack, token: str
) -> None:
    hosts = [f"node{i:04d}" for i in range(HOSTS)]
    job_id = make_job(stack, token, "a thousand hosts", ONE_DEBUG, hosts)
    execution_id = start(stack, token, job_id)
    stack.wait_for_status(token, job_id, execution_id, {"SUCCESS"}, timeout=480)
    log_in(page, stack)
    page.goto(execution_page(stack, job_id, execution_id))
    grid = page.get_by_role("group", name="Hosts")
    expect(grid.get_by_role("button")).to_have_count(HOSTS)
    expect(grid.locator('[data-state="ok"]')).to_have_count(HOSTS, timeout=60_000)
    rendered = page.evaluate("performance.getEntriesByName('playrunner:grid')[0].startTime")
    assert rendered < GRID_RENDER_BOUND_MS, f"the grid took {rendered:.0f} ms"
    # Every cell fits in one screen's height (the page's viewport is 1,000 px).
    box = grid.bounding_box()
    assert box is not None
    assert box["height"] < 1000, box
    # A click opens the host at once.
    took = page.evaluate(
        """() => { const t = performance.now();
                   document.querySelector('[data-host="node0999"]').click();
                   return performance.now() - t; }"""
    )
    expect(page.get_by_role("region", name="Host").get_by_role("heading", name="node0999")).to_be_visible()
    assert took < CLICK_BOUND_MS, f"opening a host took {took:.0f} ms"
    # Keyboard: the grid is one tab stop, arrows move through it.
    grid.locator('[data-host="node0000"]').focus()
    page.keyboard.press("ArrowRight")
    expect(grid.locator('[data-host="node0001"]')).to_be_focused()
    page.keyboard.press("End")
    expect(grid.locator('[data-host="node0999"]')).to_be_focused()


def test_a_hundred_thousand_lines_of_output_scroll_with_only_the_visible_lines_in_the_page(
    page: Page, stack: RunningStack, token: str
) -> None:
    job_id = make_job(stack, token, "many lines", MANY_LINES, ["talker"])
    execution_id = start(stack, token, job_id)
    stack.wait_for_status(token, job_id, execution_id, {"SUCCESS"}, timeout=240)
    log_in(page, stack)
    page.goto(execution_page(stack, job_id, execution_id))
    output = page.get_by_role("log", name="Output")
    expect(output).to_have_attribute("data-source", "stdout", timeout=60_000)
    # Pages of output are read as the reader scrolls towards the end.
    for _ in range(60):
        output.evaluate("el => { el.scrollTop = el.scrollHeight; el.dispatchEvent(new Event('scroll')); }")
        if "PLAY RECAP" in output.inner_text():
            break
        page.wait_for_timeout(500)
    expect(output).to_contain_text("PLAY RECAP")
    count = int(page.locator(".out-count").inner_text().split()[0].replace(",", ""))
    assert count > LINES
    assert output.locator(".out-line").count() < 300
    took = output.evaluate(
        """el => { const t = performance.now(); el.scrollTop = el.scrollHeight / 2;
                   el.dispatchEvent(new Event('scroll')); return performance.now() - t; }"""
    )
    assert took < CLICK_BOUND_MS, f"a scroll took {took:.0f} ms"
    expect(output).to_contain_text("50000,")  # the middle of the list is in sight
