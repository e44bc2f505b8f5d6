"""An execution's Ansible events, one item each, ordered by their sequence number.

The slices of a run record their events at once: each batch takes its numbers from a counter
beside the events (one atomic ADD), so that numbers never repeat, and follow one another
without a gap once every batch that took them is written.
"""

from playrunner.models.execution import ExecutionEvent
from playrunner.store.dynamodb import Item, Table
from playrunner.store.keys import event_sort_key, events_partition, key

EVENT_PREFIX = "EVENT#"
SEQUENCE_SORT_KEY = "SEQUENCE"


class EventStore:
    def __init__(self, table: Table) -> None:
        self._table = table

    def reserve(self, account_alias: str, execution_id: str, count: int) -> int:
        """The first of COUNT new sequence numbers, taken for this execution's events alone."""
        answer = self._table.client.update_item(
            TableName=self._table.name,
            Key=key(events_partition(account_alias, execution_id), SEQUENCE_SORT_KEY),
            UpdateExpression="ADD #n :count",
            ExpressionAttributeNames={"#n": "n"},
            ExpressionAttributeValues={":count": {"N": str(count)}},
            ReturnValues="UPDATED_NEW",
        )
        return int(answer["Attributes"]["n"]["N"]) - count + 1

    def append(self, account_alias: str, execution_id: str, events: list[ExecutionEvent]) -> None:
        items: list[Item] = [
            {
                **key(events_partition(account_alias, execution_id), event_sort_key(event.seq)),
                "entity": {"S": "event"},
                "body": {"S": event.model_dump_json(exclude_none=True)},
            }
            for event in events
        ]
        self._table.batch_put(items)

    def after(self, account_alias: str, execution_id: str, after_seq: int, limit: int) -> list[ExecutionEvent]:
        start = event_sort_key(after_seq) if after_seq >= 0 else EVENT_PREFIX
        items = self._table.query_after(events_partition(account_alias, execution_id), EVENT_PREFIX, start, limit)
        return [ExecutionEvent.model_validate_json(item["body"]["S"]) for item in items]

    def all(self, account_alias: str, execution_id: str) -> list[ExecutionEvent]:
        events: list[ExecutionEvent] = []
        while True:
            page = self.after(account_alias, execution_id, events[-1].seq if events else -1, 1000)
            events.extend(page)
            if len(page) < 1000:
                return events
