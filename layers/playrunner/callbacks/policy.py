"""What an answer means for a delivery, and when it is tried again."""

import random
from typing import Literal

from playrunner.callbacks.sender import Answer

Outcome = Literal["delivered", "retrying", "failed", "disabled"]
JITTER = 0.2  # each wait is drawn from ±20% of the schedule's, so retries of many deliveries spread out
MAX_RETRY_AFTER_SECONDS = 24 * 3600


def outcome(answer: Answer) -> Outcome:
    """2xx delivered; 410 disables the callback; no answer, 429 and 5xx are retried; any other
    answer (another 4xx, a redirect) and an unsafe address are not."""
    code = answer.status_code
    if code is None:
        return "failed" if answer.unsafe else "retrying"
    if 200 <= code < 300:
        return "delivered"
    if code == 410:
        return "disabled"
    return "retrying" if code == 429 or code >= 500 else "failed"


def retry_delay(attempt: int, schedule: list[int], answer: Answer, rng: random.Random | None = None) -> float | None:
    """Seconds until the attempt after ATTEMPT, or None when the schedule is spent. A receiver's
    Retry-After is honoured (up to a day) in place of the schedule's wait."""
    if attempt > len(schedule):
        return None
    if answer.retry_after is not None:
        return min(answer.retry_after, MAX_RETRY_AFTER_SECONDS)
    wait = schedule[attempt - 1]
    return wait * (rng or random).uniform(1 - JITTER, 1 + JITTER)
