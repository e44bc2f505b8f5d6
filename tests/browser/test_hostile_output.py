"""What a playbook produces is shown as text: a task, a host, output and an error message made
of markup and ANSI sequences are displayed, never run."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import log_in
from tests.browser.jobs import execution_page, make_job, start
from tests.e2e.stack import RunningStack

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

ATTACK = "<img src=x onerror=window.pwned=1>"
HOSTILE = f"""
- hosts: all
  gather_facts: false
  tasks:
    - name: "{ATTACK}"
      ansible.builtin.debug:
        msg: "<script>window.pwned=2</script> \\u001b[31mred\\u001b[0m \\u001b]0;title\\u0007 done"
    - name: fail with markup
      ansible.builtin.fail:
        msg: "<b onclick=window.pwned=3>bold</b>"
"""


def test_hostile_task_names_output_and_messages_are_shown_as_text(page: Page, stack: RunningStack, token: str) -> None:
    host = "x-onerror"  # host names are checked at the API (no markup gets in); this one tests the path
    job_id = make_job(stack, token, "<i>hostile</i>", HOSTILE, [host])
    execution_id = start(stack, token, job_id)
    stack.wait_for_status(token, job_id, execution_id, {"FAILURE"})
    log_in(page, stack)
    expect(page.get_by_role("link", name="<i>hostile</i>")).to_be_visible()  # the description, as text
    page.goto(execution_page(stack, job_id, execution_id))
    expect(page.locator("h1 .badge")).to_have_text("FAILURE")
    page.locator(f'[data-host="{host}"]').click()
    panel = page.get_by_role("region", name="Host")
    expect(panel).to_contain_text(ATTACK)
    expect(panel).to_contain_text("<b onclick=window.pwned=3>bold</b>")
    output = page.get_by_role("log", name="Output")
    expect(output).to_contain_text("PLAY RECAP")
    assert page.locator("main img, main script, main b, main i").count() == 0
    assert page.evaluate("window.pwned") is None
    # No escape character reaches the page: in the output colours become classes and other
    # sequences are dropped; elsewhere they are shown as their pictures.
    assert "\x1b" not in page.locator("main").inner_text()
    expect(panel).to_contain_text("␛[31mred␛[0m")
    expect(output.get_by_text("red", exact=True)).to_have_class("a-f31")
