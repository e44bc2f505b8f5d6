"""`playrunner watch` renders the same run live on a terminal and as plain lines in a log."""

import io
import re
from typing import Any

from playrunner.console.watch import watch

EVENTS = [
    {"seq": 1, "event": "playbook_on_task_start", "task": "greet"},
    {"seq": 2, "event": "runner_on_ok", "host": "web1", "status": "changed"},
    {"seq": 3, "event": "runner_on_failed", "host": "web2", "status": "failed"},
]


class ScriptedClient:
    """Answers as the API would for a two-host run that goes RUNNING, then FAILURE."""

    def __init__(self) -> None:
        self.calls = 0

    def execution(self, account_alias: str, execution_id: str) -> dict[str, Any]:
        self.calls += 1
        final = self.calls > 2
        return {
            "execution_id": execution_id,
            "job_id": "j1",
            "status": "FAILURE" if final else "RUNNING",
            "status_reason": "failed on 1 host(s): web2" if final else None,
            "hosts": ["web1", "web2"],
            "host_count": 2,
            "failed_hosts": ["web2"],
            "host_summaries": {"web1": {"ok": 1, "changed": 1}, "web2": {"failures": 1}},
        }

    def request(self, method: str, path: str, params: dict[str, Any]) -> dict[str, Any]:
        fresh = [e for e in EVENTS if e["seq"] > params["after"]]
        return {"events": fresh, "last_seq": max([params["after"], *[e["seq"] for e in fresh]])}


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_log_gets_plain_lines_without_colour() -> None:
    out = io.StringIO()
    watched = watch(ScriptedClient(), "DEMO", "e1", out=out, poll=0)  # type: ignore[arg-type]
    text = out.getvalue()
    assert watched["status"] == "FAILURE"
    assert "\x1b[" not in text
    assert "status: RUNNING" in text
    assert "task: greet" in text
    assert "2/2 hosts" in text
    assert "recap: FAILURE (failed on 1 host(s): web2)" in text
    assert "web2" in text.split("recap:")[1]
    assert "failures=1" in text.split("recap:")[1]


def test_a_terminal_gets_a_live_table_and_a_progress_bar() -> None:
    out = Terminal()
    watch(ScriptedClient(), "DEMO", "e1", out=out, poll=0)  # type: ignore[arg-type]
    raw = out.getvalue()
    assert "\x1b[" in raw  # colours and cursor moves
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", raw)
    assert "hosts done with the task" in text
    assert "2/2" in text
    assert "┃ host ┃ ok ┃ changed ┃ failures ┃ skipped ┃ unreachable ┃" in text
    assert text.index("│ web2 ") < text.index("│ web1 ")  # the failed host first
    assert "recap: FAILURE" in text
