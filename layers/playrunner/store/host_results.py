"""Each host's result in an execution, one item per host under the execution's HOSTS partition.

The list index holds each host under its state as well (`...#HOSTS#failed`), so that a page of
the failed hosts reads only failed hosts. A host's item is replaced when it runs again: its
state, and so its place in the index, change with it.
"""

import base64
import binascii
from collections.abc import Iterable, Iterator
from typing import Any

from playrunner.errors import Invalid
from playrunner.models.host_results import HOST_STATES, HostResult
from playrunner.store.dynamodb import Item, Table
from playrunner.store.keys import host_results_partition, host_state_collection
from playrunner.store.schema import LIST_INDEX, LIST_INDEX_PARTITION_KEY, LIST_INDEX_SORT_KEY, PARTITION_KEY, SORT_KEY

HOST_PREFIX = "HOST#"


def _sort_key(host: str) -> str:
    return f"{HOST_PREFIX}{host}"


def _token(host: str) -> str:
    return base64.urlsafe_b64encode(host.encode()).decode().rstrip("=")


def _host_of(token: str) -> str:
    try:
        host = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise _bad_token() from exc
    if not 0 < len(host) <= 255:
        raise _bad_token()
    return host


def _bad_token() -> Invalid:
    return Invalid("nextToken is not one this list gave", error_code="INVALID_NEXT_TOKEN")


class HostResultStore:
    def __init__(self, table: Table) -> None:
        self._table = table

    def _item(self, account_alias: str, execution_id: str, result: HostResult) -> Item:
        return {
            PARTITION_KEY: {"S": host_results_partition(account_alias, execution_id)},
            SORT_KEY: {"S": _sort_key(result.host)},
            LIST_INDEX_PARTITION_KEY: {"S": host_state_collection(account_alias, execution_id, result.state)},
            LIST_INDEX_SORT_KEY: {"S": result.host},
            "entity": {"S": "host_result"},
            "state": {"S": result.state},
            "body": {"S": result.model_dump_json(exclude_none=True)},
        }

    def put(self, account_alias: str, execution_id: str, results: Iterable[HostResult]) -> None:
        self._table.batch_put([self._item(account_alias, execution_id, result) for result in results])

    def get_many(self, account_alias: str, execution_id: str, hosts: Iterable[str]) -> dict[str, HostResult]:
        partition = host_results_partition(account_alias, execution_id)
        keys = [{PARTITION_KEY: {"S": partition}, SORT_KEY: {"S": _sort_key(host)}} for host in hosts]
        results = (HostResult.model_validate_json(item["body"]["S"]) for item in self._table.batch_get(keys))
        return {result.host: result for result in results}

    def _query(self, request: dict[str, Any]) -> Iterator[Item]:
        for response in self._table.client.get_paginator("query").paginate(TableName=self._table.name, **request):
            yield from response["Items"]

    def _all_request(self, account_alias: str, execution_id: str) -> dict[str, Any]:
        return {
            "KeyConditionExpression": "#pk = :pk AND begins_with(#sk, :prefix)",
            "ExpressionAttributeNames": {"#pk": PARTITION_KEY, "#sk": SORT_KEY},
            "ExpressionAttributeValues": {
                ":pk": {"S": host_results_partition(account_alias, execution_id)},
                ":prefix": {"S": HOST_PREFIX},
            },
            "ConsistentRead": True,
        }

    def all(self, account_alias: str, execution_id: str) -> Iterator[HostResult]:
        """Every host's result, by host name."""
        for item in self._query(self._all_request(account_alias, execution_id)):
            yield HostResult.model_validate_json(item["body"]["S"])

    def counts(self, account_alias: str, execution_id: str) -> dict[str, int]:
        """How many hosts are in each state, read consistently (only their states are read)."""
        request = self._all_request(account_alias, execution_id)
        request["ProjectionExpression"] = "#state"
        request["ExpressionAttributeNames"]["#state"] = "state"
        counts = dict.fromkeys(HOST_STATES, 0)
        for item in self._query(request):
            counts[item["state"]["S"]] += 1
        return {state: n for state, n in counts.items() if n}

    def in_states(self, account_alias: str, execution_id: str, states: Iterable[str]) -> list[str]:
        """The hosts in STATES, by host name, read consistently."""
        chosen = set(states)
        return sorted(result.host for result in self.all(account_alias, execution_id) if result.state in chosen)

    def page(
        self, account_alias: str, execution_id: str, state: str | None, token: str | None, size: int
    ) -> tuple[list[HostResult], str | None]:
        """SIZE hosts (in STATE, when given) by host name, after the one TOKEN names."""
        partition = host_results_partition(account_alias, execution_id)
        if state is None:
            request = self._all_request(account_alias, execution_id)
        else:
            collection = host_state_collection(account_alias, execution_id, state)
            request = {
                "IndexName": LIST_INDEX,
                "KeyConditionExpression": "#pk = :pk",
                "ExpressionAttributeNames": {"#pk": LIST_INDEX_PARTITION_KEY},
                "ExpressionAttributeValues": {":pk": {"S": collection}},
            }
        if token:
            host = _host_of(token)
            start: Item = {PARTITION_KEY: {"S": partition}, SORT_KEY: {"S": _sort_key(host)}}
            if state is not None:
                start |= {LIST_INDEX_PARTITION_KEY: {"S": collection}, LIST_INDEX_SORT_KEY: {"S": host}}
            request["ExclusiveStartKey"] = start
        request["PaginationConfig"] = {"MaxItems": size + 1, "PageSize": size + 1}
        items: list[Item] = []
        for item in self._query(request):
            items.append(item)
            if len(items) > size:
                break
        results = [HostResult.model_validate_json(item["body"]["S"]) for item in items[:size]]
        return results, (_token(results[-1].host) if len(items) > size and results else None)
