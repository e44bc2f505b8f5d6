"""A workflow run's page: the graph shows each task's outcome; a run is started from the list."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import log_in
from tests.browser.jobs import make_job
from tests.e2e.stack import RunningStack

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

PASSES = "- hosts: all\n  gather_facts: false\n  tasks:\n    - ansible.builtin.ping:\n"
FAILS = "- hosts: all\n  gather_facts: false\n  tasks:\n    - ansible.builtin.fail:\n        msg: no\n"


def test_the_graph_shows_each_tasks_outcome(page: Page, stack: RunningStack, token: str) -> None:
    passes = make_job(stack, token, "passes", PASSES, ["w1"])
    fails = make_job(stack, token, "fails", FAILS, ["w1"])
    workflow = {
        "name": "release",
        "start": "build",
        "tasks": {
            "build": {"jobId": passes, "transitions": {"success": ["deploy"]}},
            "deploy": {"jobId": fails, "transitions": {"success": ["announce"], "failure": ["rollback"]}},
            "rollback": {"jobId": passes},
            "announce": {"jobId": passes},
        },
    }
    assert stack.call("POST", f"/workflows/{stack.account}", token, json=workflow).status_code == 201
    log_in(page, stack)
    page.get_by_role("link", name="Workflows").click()
    page.get_by_role("button", name="Start release").click()

    expect(page.get_by_role("heading", name="Workflow run release")).to_be_visible()
    expect(page.locator("h1 .badge")).to_have_text("complete", timeout=180_000)
    graph = page.get_by_role("img", name="Workflow graph")
    outcome = {"build": "succeeded", "deploy": "failed", "rollback": "succeeded", "announce": "not_run"}
    for task, state in outcome.items():
        expect(graph.locator(f'[data-task="{task}"]')).to_have_attribute("data-state", state)
    expect(graph.locator('[data-task="deploy"]')).to_contain_text("✗ deploy")
    expect(page.get_by_role("button", name="Cancel")).to_be_disabled()
