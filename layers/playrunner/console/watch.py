"""`playrunner watch`: an execution as it runs. On a terminal, a live view (rich): the status,
the current task, a progress bar of the hosts done with it, and a table of the hosts with their
counts; elsewhere (a pipe, a CI log) plain lines, one per change. Then the recap."""

import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, TextIO

from rich.console import Console, Group
from rich.live import Live
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table
from rich.text import Text

from playrunner.client import PlayrunnerClient
from playrunner.models.execution import FINAL_STATUSES
from playrunner.services.summary import ITEM_EVENT_PREFIX

COUNTS = ("ok", "changed", "failures", "skipped", "unreachable")
STYLES = {"ok": "green", "changed": "yellow", "failures": "red", "unreachable": "magenta", "skipped": "cyan"}
# As Ansible's recap counts them: a changed task is ok too.
_STATUS_COUNTS: dict[str, tuple[str, ...]] = {
    "ok": ("ok",),
    "changed": ("ok", "changed"),
    "ignored": ("ok",),
    "failed": ("failures",),
    "unreachable": ("unreachable",),
    "skipped": ("skipped",),
}
LIVE_ROWS = 20  # the hosts shown live: the failed ones first, then the latest to report


@dataclass
class RunState:
    """What the events so far say: each host's counts, the task, who is done with it."""

    host_count: int
    counts: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))
    task: str = ""
    done_in_task: set[str] = field(default_factory=set)
    latest: list[str] = field(default_factory=list)

    def take(self, event: dict[str, Any]) -> tuple[str, str | None]:
        """Fold EVENT in; answer what changed ("task" or "host", and the host)."""
        if event["event"] == "playbook_on_task_start":
            self.task = str(event.get("task") or "")
            self.done_in_task = set()
            return "task", None
        if event["event"].startswith(ITEM_EVENT_PREFIX):
            return "", None  # a loop's item: its task's own result follows, and is the one counted
        names = _STATUS_COUNTS.get(event.get("status") or "", ())
        host = event.get("host")
        if not host or not names:
            return "", None
        for name in names:
            self.counts[host][name] = self.counts[host].get(name, 0) + 1
        self.done_in_task.add(host)
        if host in self.latest:
            self.latest.remove(host)
        self.latest.append(host)
        return "host", host

    def failed(self, host: str) -> bool:
        return bool(self.counts[host].get("failures") or self.counts[host].get("unreachable"))


def counts_text(counts: dict[str, int], colour: bool) -> Text:
    text = Text()
    for i, name in enumerate(COUNTS):
        value = counts.get(name, 0)
        text.append(("" if i == 0 else " ") + f"{name}={value}", style=STYLES[name] if colour and value else "")
    return text


def host_table(progress: RunState, title: str) -> Table:
    table = Table(title=title, title_justify="left", expand=False)
    table.add_column("host")
    for name in COUNTS:
        table.add_column(name, justify="right")
    shown = [h for h in progress.latest if progress.failed(h)]
    shown += [h for h in reversed(progress.latest) if h not in shown]
    for host in shown[:LIVE_ROWS]:
        counts = progress.counts[host]
        table.add_row(
            Text(host, style="red" if progress.failed(host) else ""),
            *[Text(str(counts.get(n, 0)), style=STYLES[n] if counts.get(n) else "dim") for n in COUNTS],
        )
    if len(shown) > LIVE_ROWS:
        table.caption = f"and {len(shown) - LIVE_ROWS} more host(s)"
    return table


def watch(
    client: PlayrunnerClient, account_alias: str, execution_id: str, out: TextIO = sys.stdout, poll: float = 0.5
) -> dict[str, Any]:
    console = Console(file=out, highlight=False)
    execution = client.execution(account_alias, execution_id)
    path = f"/jobs/{account_alias}/{execution['job_id']}/executions/{execution_id}/events"
    host_count = int(execution.get("host_count") or len(execution["hosts"]))  # over 1,000: none inline
    progress = RunState(host_count)
    console.print(f"execution {execution_id} of job {execution['job_id']} on {host_count} host(s)", markup=False)
    pages = _pages(client, account_alias, execution_id, path, poll)
    execution = (
        _follow_live(pages, console, progress) if console.is_terminal else _follow_plain(pages, console, progress)
    )
    _recap(console, execution)
    return dict(execution)


def _pages(client: PlayrunnerClient, account_alias: str, execution_id: str, path: str, poll: float) -> Any:
    """(execution, its new events) until the execution is final and every event is read."""
    after = 0
    while True:
        execution = client.execution(account_alias, execution_id)
        page = client.request("GET", path, params={"after": after, "limit": 1000})
        after = page["last_seq"]
        yield execution, page["events"]
        if execution["status"] in FINAL_STATUSES and not page["events"]:
            return
        time.sleep(poll)


Pages = Iterator[tuple[dict[str, Any], list[dict[str, Any]]]]


def _follow_plain(pages: Pages, console: Console, progress: RunState) -> dict[str, Any]:
    status = None
    execution: dict[str, Any] = {}
    for execution, events in pages:
        if execution["status"] != status:
            status = execution["status"]
            console.print(f"status: {status}", markup=False)
        for event in events:
            what, host = progress.take(event)
            if what == "task":
                console.print(f"task: {progress.task}", markup=False)
            elif host is not None:
                line = Text(f"  {host:<24} ")
                line.append_text(counts_text(progress.counts[host], console.is_terminal))
                line.append(f"  {len(progress.done_in_task)}/{progress.host_count} hosts")
                console.print(line)
    return execution


def _follow_live(pages: Pages, console: Console, progress: RunState) -> dict[str, Any]:
    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=console)
    task_bar = bar.add_task("hosts done with the task", total=progress.host_count)
    execution: dict[str, Any] = {}
    with Live(console=console, refresh_per_second=4, transient=False) as live:
        for execution, events in pages:
            for event in events:
                progress.take(event)
            bar.update(task_bar, completed=len(progress.done_in_task))
            head = Text(f"status: {execution['status']}", style="bold")
            if progress.task:
                head.append(f"   task: {progress.task}", style="")
            live.update(Group(head, bar, host_table(progress, "hosts")))
    return execution


def _recap(console: Console, execution: dict[str, Any]) -> None:
    reason = f" ({execution['status_reason']})" if execution.get("status_reason") else ""
    console.print(f"recap: {execution['status']}{reason}", markup=False)
    if execution.get("hosts_truncated"):
        counts = ", ".join(f"{state} {n}" for state, n in sorted(execution.get("host_counts", {}).items()))
        console.print(f"  {execution['host_count']} hosts: {counts} (GET .../hosts lists them)", markup=False)
        return
    for host in execution["hosts"]:
        summary = execution["host_summaries"].get(host, {})
        failed = host in execution["failed_hosts"]
        line = Text(f"  {host:<24} ", style="red" if failed and console.is_terminal else "")
        line.append_text(counts_text(summary, console.is_terminal))
        console.print(line)
