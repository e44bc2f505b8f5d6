"""The delivery log: every attempt to send a callback, one item each, in the order they began.

Attempts are kept 30 days (the table's TTL removes them): long enough to debug a receiver,
short enough that a chatty DEBUG callback does not grow the table without end.
"""

import hashlib

from playrunner.models.delivery import DeliveryAttempt
from playrunner.store.dynamodb import Table
from playrunner.store.keys import deliveries_partition, key
from playrunner.store.schema import SORT_KEY, TTL_ATTRIBUTE

DELIVERY_PREFIX = "DELIVERY#"
KEEP_SECONDS = 30 * 24 * 3600


def _sort_key(attempt: DeliveryAttempt) -> str:
    url = hashlib.sha256(attempt.url.encode()).hexdigest()[:12]  # one body goes to several URLs
    return f"{DELIVERY_PREFIX}{attempt.time:015d}#{attempt.delivery_id}#{url}#{attempt.attempt:03d}"


class DeliveryStore:
    def __init__(self, table: Table) -> None:
        self._table = table

    def record(self, account_alias: str, execution_id: str, attempt: DeliveryAttempt) -> None:
        self._table.batch_put(
            [
                {
                    **key(deliveries_partition(account_alias, execution_id), _sort_key(attempt)),
                    "entity": {"S": "delivery"},
                    "body": {"S": attempt.model_dump_json()},
                    TTL_ATTRIBUTE: {"N": str(attempt.time // 1000 + KEEP_SECONDS)},
                }
            ]
        )

    def after(
        self, account_alias: str, execution_id: str, cursor: str | None, limit: int
    ) -> tuple[list[DeliveryAttempt], str | None]:
        """Up to LIMIT attempts after CURSOR (the start when none), and the cursor of the next page."""
        items = self._table.query_after(
            deliveries_partition(account_alias, execution_id), DELIVERY_PREFIX, cursor or DELIVERY_PREFIX, limit + 1
        )
        page = items[:limit]
        following = page[-1][SORT_KEY]["S"] if len(items) > limit else None
        return [DeliveryAttempt.model_validate_json(item["body"]["S"]) for item in page], following
