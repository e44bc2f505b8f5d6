"""Time and ids, injectable so the core is testable without sleeping."""

import time
import uuid


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def new_id() -> str:
    return str(uuid.uuid4())
