"""The demo `make run` shows: a real playbook run on the local stack, over its own API."""

import base64
from collections.abc import Callable
from importlib.resources import files

from playrunner.client import PlayrunnerClient

# Package data: found the same way from a checkout and from an installed wheel.
EXAMPLE_PLAYBOOK = files("playrunner") / "examples" / "hello.yml"
DEMO_HOSTS = [("web1", "web"), ("web2", "web"), ("db1", "db")]


def run_demo(url: str, username: str, password: str, account: str, say: Callable[[str], None]) -> None:
    client = PlayrunnerClient(url)
    client.login(username, password)
    job = client.create_job(
        account,
        {
            "description": "demo: say hello from every host",
            "playbook": base64.b64encode(EXAMPLE_PLAYBOOK.read_bytes()).decode(),
            "hosts": [
                {"id": host, "hostVars": {"ansible_connection": "local", "tier": tier}} for host, tier in DEMO_HOSTS
            ],
        },
    )
    hosts = f"{len(DEMO_HOSTS)} hosts, ansible_connection=local"
    say(f"demo: created job {job['id']} from playrunner/examples/hello.yml ({hosts})")
    started = client.start(account, job["id"])
    say(f"demo: started execution {started['execution_id']}")
    execution = client.wait(account, started["execution_id"], on_status=lambda e: say(f"demo:   {e['status']}"))
    timer = execution["timers"][-1]
    say(f"demo: {execution['status']} in {(timer['end'] - timer['start']) / 1000:.1f} s")
    for host, summary in execution["host_summaries"].items():
        counts = "  ".join(f"{name}={value}" for name, value in summary.items())
        say(f"demo:   {host:<6} {counts}")
    path = f"/jobs/{account}/{job['id']}/executions/{started['execution_id']}"
    say(f"demo: events at {url}{path}/events, output at {url}{path}/stdout")
