"""The local stack's DynamoDB stream event source mapping: reads the table's stream in moto,
keeps the records the function's filter lets through (the same pattern the CDK stack gives the
event source), and invokes the function with DynamoDB Streams' event. A record reported failed
is given again, with everything after it, as Lambda does for a stream with
ReportBatchItemFailures; after MAX_ATTEMPTS it is logged and left behind.

The shard is read where moto keeps it, in this process, as the event source mapping reads it
inside AWS: every write of the table is on the stream (each Ansible event among them), and
reading them through the DynamoDB Streams API would have moto serialize every one of them only
for the filter to drop most (some 2 s of CPU in a 2,000-event run, on the cores the playbook
runs on). What was handled is trimmed from the shard, as the stream's 24-hour retention does in
AWS: moto keeps every record otherwise, and the stream would grow with every write.
"""

import base64
import json
from datetime import datetime
from typing import Any

import boto3

from playrunner.local.background import BackgroundLoop
from playrunner.local.moto_dynamodb import write_lock
from playrunner.observability import logger

BATCH_SIZE = 100
POLL_SECONDS = 0.2
MAX_ATTEMPTS = 10
# What one invocation may carry: Lambda's 6 MiB, less room for the event around the records.
MAX_PAYLOAD_BYTES = 6 * 1024 * 1024 - 64 * 1024


def matches(pattern: Any, value: Any) -> bool:
    """Lambda's event filtering, the part playrunner uses: nested keys, and a list of the values
    allowed."""
    if isinstance(pattern, dict):
        return isinstance(value, dict) and all(
            key in value and matches(wanted, value[key]) for key, wanted in pattern.items()
        )
    return value in pattern


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.timestamp()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    raise TypeError(f"{type(value).__name__} is not JSON")


def _shards(table_name: str) -> list[Any]:
    """The table's stream shard in each region of moto's backend (one table, one shard)."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.dynamodb.models import dynamodb_backends

    tables = [backend.tables.get(table_name) for backend in dynamodb_backends[DEFAULT_ACCOUNT_ID].values()]
    return [table.stream_shard for table in tables if table is not None and table.stream_shard is not None]


def _records_from(table_name: str, sequence: int | None, limit: int) -> list[dict[str, Any]]:
    """Up to LIMIT records of the stream from SEQUENCE on (None: from its oldest)."""
    with write_lock():
        for shard in _shards(table_name):
            start = 0 if sequence is None else max(0, sequence - shard.starting_sequence_number)
            return [item.record for item in shard.items[start : start + limit]]
    return []


def _trim(table_name: str, through_sequence: int) -> None:
    with write_lock():
        for shard in _shards(table_name):
            handled = max(0, min(len(shard.items), through_sequence - shard.starting_sequence_number + 1))
            del shard.items[:handled]
            shard.starting_sequence_number += handled


class StreamConsumer(BackgroundLoop):
    def __init__(self, table_name: str, function_name: str, pattern: dict[str, Any]) -> None:
        super().__init__(f"stream-{function_name}")
        self._table_name = table_name
        self._function_name = function_name
        self._pattern = pattern

    def _loop(self) -> None:
        while not self._stopping.is_set():
            try:
                self._follow()
            except Exception:
                logger.exception("the local stream consumer failed; reading again", extra={"table": self._table_name})
                self._stopping.wait(1.0)

    def _follow(self) -> None:
        lambdas = boto3.client("lambda")
        position: int | None = None  # the next record's sequence number; None: the oldest kept
        attempts = 0
        while not self._stopping.is_set():
            records = _records_from(self._table_name, position, BATCH_SIZE)
            if not records:
                self._stopping.wait(POLL_SECONDS)
                continue
            failed = self._deliver(lambdas, [r for r in records if matches(self._pattern, r)])
            if failed is None or attempts + 1 >= MAX_ATTEMPTS:
                if failed is not None:
                    logger.error("a stream record was given up after its retries", extra={"sequence": failed})
                attempts = 0
                last = int(records[-1]["dynamodb"]["SequenceNumber"])
                position = last + 1
                _trim(self._table_name, last)
            else:
                attempts += 1
                position = int(failed)
                _trim(self._table_name, position - 1)
                self._stopping.wait(min(2.0**attempts * 0.1, 5.0))

    def _deliver(self, lambdas: Any, records: list[dict[str, Any]]) -> str | None:
        """The sequence number to give again from, or None when all were handled. The records go
        in invocations Lambda can take (its 6 MB payload), in order, as its event source splits them."""
        for batch in _batches(records):
            payload = json.dumps({"Records": batch}, default=_json_default).encode()
            answer = lambdas.invoke(FunctionName=self._function_name, Payload=payload)
            if answer.get("FunctionError"):
                return str(batch[0]["dynamodb"]["SequenceNumber"])
            failures = json.loads(answer["Payload"].read() or b"{}").get("batchItemFailures", [])
            if failures:
                return str(failures[0]["itemIdentifier"])
        return None


def _batches(records: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """RECORDS in runs of at most MAX_PAYLOAD_BYTES once written as an event."""
    batches: list[list[dict[str, Any]]] = []
    size = 0
    for record in records:
        written = len(json.dumps(record, default=_json_default)) + 2
        if not batches or size + written > MAX_PAYLOAD_BYTES:
            batches.append([])
            size = 0
        batches[-1].append(record)
        size += written
    return batches
