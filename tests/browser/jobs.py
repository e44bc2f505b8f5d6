"""Jobs and workflows the browser tests make through the API (the console's own forms are
tested once, in test_console.py)."""

import base64
from typing import Any

from tests.e2e.stack import RunningStack


def playbook(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def local_hosts(*names: str) -> list[dict[str, Any]]:
    return [{"id": name, "hostVars": {"ansible_connection": "local"}} for name in names]


def make_job(stack: RunningStack, token: str, description: str, play: str, hosts: list[str]) -> str:
    answer = stack.call(
        "POST",
        f"/jobs/{stack.account}",
        token,
        json={"description": description, "playbook": playbook(play), "hosts": local_hosts(*hosts)},
    )
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


def start(stack: RunningStack, token: str, job_id: str) -> str:
    answer = stack.call("POST", f"/jobs/{stack.account}/{job_id}/start", token, json={})
    assert answer.status_code == 201, answer.text
    return str(answer.json()["execution_id"])


def execution_page(stack: RunningStack, job_id: str, execution_id: str) -> str:
    return f"{stack.url}/console/#/jobs/{job_id}/executions/{execution_id}"
