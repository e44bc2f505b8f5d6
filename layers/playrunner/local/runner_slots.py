"""The local stack's runner capacity: at most N runners at once (a controller's capacity; by
default the machine's cores), the executions beyond them waiting in the order they asked.

A start that finds no slot is refused as ECS refuses a task it cannot place (a failure with a
reason, no task): the dispatch step says why on the execution and asks again with backoff. The
line tells each waiting execution how many asked before it; a free slot goes to whoever asks
first (a slot never waits idle for the head of the line to ask again). An execution that stops
asking (stopped, killed) leaves the line after FORGET_SECONDS.
"""

import threading
import time
from collections import OrderedDict

FORGET_SECONDS = 60.0  # longer than the dispatch policy's longest wait between two asks


class RunnerSlots:
    def __init__(self, slots: int) -> None:
        self.slots = max(1, slots)
        self._taken = 0
        self._waiting: OrderedDict[str, float] = OrderedDict()  # execution -> when it last asked
        self._lock = threading.Lock()

    def take(self, execution_id: str) -> str | None:
        """Take a slot for EXECUTION_ID; or, when none is free for it, why it waits."""
        with self._lock:
            now = time.monotonic()
            for waiting, asked in list(self._waiting.items()):
                if now - asked > FORGET_SECONDS:
                    del self._waiting[waiting]
            if self._taken < self.slots:
                self._waiting.pop(execution_id, None)
                self._taken += 1
                return None
            self._waiting[execution_id] = now  # keeps its place in the line
            ahead = list(self._waiting).index(execution_id)
            return f"waiting for a runner slot: {ahead} ahead, {self._taken} of {self.slots} running"

    def give_back(self) -> None:
        with self._lock:
            self._taken = max(0, self._taken - 1)
