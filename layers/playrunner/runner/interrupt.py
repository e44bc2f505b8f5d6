"""A graceful stop: let the current task finish (up to a deadline), then interrupt the playbook
as Ctrl-C would, and end it for good if it does not exit.

ansible-playbook answers SIGINT by telling its workers and exiting ("User interrupted
execution"); the events of the tasks that finished are already recorded by then.
"""

import os
import signal
import threading
import time
from pathlib import Path

from playrunner.runner.log import logger

# After the interrupt, how long the playbook may take to exit before ansible-runner kills it.
INTERRUPT_GRACE_SECONDS = 10.0
# A new task (or the recap) means the one running when the stop came has finished.
TASK_BOUNDARIES = frozenset({"playbook_on_task_start", "playbook_on_play_start", "playbook_on_stats"})


def child_pids(pid: int) -> list[int]:
    """The direct children of PID, from /proc (Linux: Fargate and the local stack)."""
    found: list[int] = []
    for children in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found.extend(int(child) for child in children.read_text().split())
        except OSError:
            continue
    return found


def descendants(pid: int) -> list[int]:
    """Every process below PID, children first."""
    found: list[int] = []
    pending = child_pids(pid)
    while pending:
        child = pending.pop()
        found.append(child)
        pending.extend(child_pids(child))
    return found


class GracefulStop:
    def __init__(self, cancel: threading.Event) -> None:
        self._cancel = cancel  # set: ansible-runner kills the playbook's process group
        self._lock = threading.Lock()
        self._deadline: float | None = None
        self._interrupted_at: float | None = None
        # The worker that runs the playbook (ansible-runner's, as the playbook user): the
        # playbook is its child. Until it is known, the runner's own children are.
        self.worker_pid: int | None = None

    @property
    def requested(self) -> bool:
        return self._deadline is not None

    def request(self, expiry_seconds: float) -> None:
        with self._lock:
            if self._deadline is None:
                self._deadline = time.monotonic() + expiry_seconds
                logger.info("stop requested: the current task may finish", extra={"expiry_seconds": expiry_seconds})

    def on_event(self, name: str) -> None:
        if name in TASK_BOUNDARIES and self.requested:
            self.interrupt()

    def tick(self) -> None:
        """Called about once a second: interrupt at the deadline, kill after the grace."""
        now = time.monotonic()
        if self._interrupted_at is not None and now - self._interrupted_at > INTERRUPT_GRACE_SECONDS:
            self._cancel.set()
        elif self._deadline is not None and now >= self._deadline:
            self.interrupt()

    def interrupt(self) -> None:
        with self._lock:
            if self._interrupted_at is not None:
                return
            self._interrupted_at = time.monotonic()
        playbooks = child_pids(self.worker_pid or os.getpid())
        logger.info("interrupting the playbook", extra={"pids": playbooks})
        if not playbooks:
            self._cancel.set()
        for pid in playbooks:
            try:
                os.kill(pid, signal.SIGINT)
            except ProcessLookupError:
                continue
