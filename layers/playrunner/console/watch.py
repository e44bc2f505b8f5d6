"""`playrunner watch`: an execution as it runs — a progress bar (hosts done with the current
task / all hosts), each host's counts as they change, the current task, and the final recap."""

import sys
import time
from collections import defaultdict
from typing import Any, TextIO

from playrunner.client import PlayrunnerClient
from playrunner.models.execution import FINAL_STATUSES
from playrunner.services.summary import ITEM_EVENT_PREFIX

BAR_WIDTH = 30
COUNTS = ("ok", "changed", "failures", "skipped", "unreachable")
_COLOURS = {"ok": "32", "changed": "33", "failures": "31", "unreachable": "35", "skipped": "36"}
# As Ansible's recap counts them: a changed task is ok too.
_STATUS_COUNTS: dict[str, tuple[str, ...]] = {
    "ok": ("ok",),
    "changed": ("ok", "changed"),
    "ignored": ("ok",),
    "failed": ("failures",),
    "unreachable": ("unreachable",),
    "skipped": ("skipped",),
}


class Painter:
    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.colour = out.isatty()

    def paint(self, text: str, colour: str) -> str:
        return f"\033[{colour}m{text}\033[0m" if self.colour else text

    def line(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    def counts(self, counts: dict[str, int]) -> str:
        return " ".join(
            self.paint(f"{name}={counts.get(name, 0)}", _COLOURS[name]) if counts.get(name) else f"{name}=0"
            for name in COUNTS
        )


def bar(done: int, total: int) -> str:
    filled = BAR_WIDTH * done // total if total else 0
    return f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{total} hosts"


def watch(
    client: PlayrunnerClient, account_alias: str, execution_id: str, out: TextIO = sys.stdout, poll: float = 0.5
) -> dict[str, Any]:
    painter = Painter(out)
    execution = client.execution(account_alias, execution_id)
    path = f"/jobs/{account_alias}/{execution['job_id']}/executions/{execution_id}/events"
    hosts: list[str] = list(execution["hosts"])
    host_count = int(execution.get("host_count") or len(hosts))  # a run of over 1,000 lists none inline
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    status, after = None, 0
    done_in_task: set[str] = set()
    painter.line(f"execution {execution_id} of job {execution['job_id']} on {host_count} host(s)")
    while True:
        execution = client.execution(account_alias, execution_id)
        if execution["status"] != status:
            status = execution["status"]
            painter.line(f"status: {status}")
        page = client.request("GET", path, params={"after": after, "limit": 1000})
        for event in page["events"]:
            if event["event"] == "playbook_on_task_start":
                done_in_task = set()
                painter.line(f"task: {event.get('task')}")
            if event["event"].startswith(ITEM_EVENT_PREFIX):
                continue  # a loop's item: its task's own result follows, and is the one counted
            names = _STATUS_COUNTS.get(event.get("status") or "", ())
            host = event.get("host")
            if host and names:
                for name in names:
                    counts[host][name] = counts[host].get(name, 0) + 1
                done_in_task.add(host)
                painter.line(f"  {host:<24} {painter.counts(counts[host])}  {bar(len(done_in_task), host_count)}")
        after = page["last_seq"]
        if status in FINAL_STATUSES and not page["events"]:
            break
        time.sleep(poll)
    painter.line(f"recap: {status}" + (f" ({execution['status_reason']})" if execution.get("status_reason") else ""))
    for host in execution["hosts"]:
        summary = execution["host_summaries"].get(host, {})
        failed = host in execution["failed_hosts"]
        painter.line(f"  {painter.paint(host, '31') if failed else host:<24} {painter.counts(summary)}")
    return dict(execution)
