"""What every DynamoDB adapter shares: a lazily built client, paging, and error translation."""

import time
from typing import Any

from botocore.exceptions import ClientError

from playrunner.aws import AwsClient
from playrunner.errors import Conflict, PayloadTooLarge
from playrunner.store.schema import PARTITION_KEY, SORT_KEY

Item = dict[str, Any]


# What DynamoDB answers a write it has no capacity for now (after the SDK's own retries).
THROTTLED = frozenset({"ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded"})
BATCH_ATTEMPTS = 10


class Table(AwsClient):
    """One DynamoDB table, reached through an injectable boto3 client."""

    service = "dynamodb"

    def __init__(self, table_name: str, client: Any = None) -> None:
        super().__init__(client)
        self.name = table_name

    def put(
        self,
        item: Item,
        *,
        condition: str,
        conflict: str,
        names: dict[str, str] | None = None,
        values: Item | None = None,
    ) -> None:
        self._conditional("put_item", {"Item": item}, condition, conflict, names, values)

    def update(
        self,
        key: Item,
        *,
        expression: str,
        condition: str,
        conflict: str,
        names: dict[str, str] | None = None,
        values: Item | None = None,
    ) -> None:
        request = {"Key": key, "UpdateExpression": expression}
        self._conditional("update_item", request, condition, conflict, names, values)

    def _conditional(
        self,
        operation: str,
        request: Item,
        condition: str,
        conflict: str,
        names: dict[str, str] | None,
        values: Item | None,
    ) -> None:
        request = {**request, "TableName": self.name, "ConditionExpression": condition}
        if names:
            request["ExpressionAttributeNames"] = names
        if values:
            request["ExpressionAttributeValues"] = values
        try:
            getattr(self.client, operation)(**request)
        except ClientError as exc:
            raise _translate(exc, conflict) from exc

    def get(self, key: Item) -> Item | None:
        found: Item | None = self.client.get_item(TableName=self.name, Key=key, ConsistentRead=True).get("Item")
        return found

    def delete(self, key: Item, *, condition: str, conflict: str) -> None:
        try:
            self.client.delete_item(TableName=self.name, Key=key, ConditionExpression=condition)
        except ClientError as exc:
            raise _translate(exc, conflict) from exc

    def batch_put(self, items: list[Item]) -> None:
        """Write items 25 at a time, resending what DynamoDB leaves unprocessed or throttles,
        with backoff."""
        for start in range(0, len(items), 25):
            pending: list[Item] = [{"PutRequest": {"Item": item}} for item in items[start : start + 25]]
            for attempt in range(BATCH_ATTEMPTS):
                try:
                    answer = self.client.batch_write_item(RequestItems={self.name: pending})
                except ClientError as exc:
                    if exc.response.get("Error", {}).get("Code") not in THROTTLED or attempt == BATCH_ATTEMPTS - 1:
                        raise _translate(exc, "") from exc
                    answer = {"UnprocessedItems": {self.name: pending}}  # all of it, again
                pending = answer.get("UnprocessedItems", {}).get(self.name, [])
                if not pending:
                    break
                time.sleep(min(0.05 * 2**attempt, 1.0))
            else:
                raise RuntimeError(f"DynamoDB left {len(pending)} items unwritten")

    def batch_get(self, keys: list[Item]) -> list[Item]:
        """The items at KEYS (those that exist), read 100 at a time, consistently, asking again
        for what DynamoDB leaves unprocessed."""
        found: list[Item] = []
        for start in range(0, len(keys), 100):
            pending: Item = {self.name: {"Keys": keys[start : start + 100], "ConsistentRead": True}}
            for attempt in range(8):
                answer = self.client.batch_get_item(RequestItems=pending)
                found.extend(answer.get("Responses", {}).get(self.name, []))
                pending = answer.get("UnprocessedKeys") or {}
                if not pending:
                    break
                time.sleep(min(0.05 * 2**attempt, 1.0))
            else:
                raise RuntimeError("DynamoDB left keys unread")
        return found

    def query_after(self, partition: str, sort_prefix: str, after: str, limit: int) -> list[Item]:
        """Up to LIMIT items of a partition whose sort key starts with SORT_PREFIX and follows AFTER."""
        items: list[Item] = []
        paginator = self.client.get_paginator("query")
        for response in paginator.paginate(
            TableName=self.name,
            KeyConditionExpression="#pk = :pk AND #sk BETWEEN :after AND :end",
            ExpressionAttributeNames={"#pk": PARTITION_KEY, "#sk": SORT_KEY},
            ExpressionAttributeValues={
                ":pk": {"S": partition},
                ":after": {"S": after},
                ":end": {"S": sort_prefix + "\uffff"},
            },
            ConsistentRead=True,
            PaginationConfig={"MaxItems": limit + 1},
        ):
            items.extend(item for item in response["Items"] if item[SORT_KEY]["S"] != after)
            if len(items) >= limit:
                break
        return items[:limit]


# DynamoDB's answer to an item over its 400 KB limit (a ValidationException, by its message).
ITEM_TOO_LARGE_MESSAGE = "Item size has exceeded the maximum allowed size"


def _translate(exc: ClientError, conflict: str) -> Exception:
    error = exc.response.get("Error", {})
    code = error.get("Code", "")
    if code in {"ConditionalCheckFailedException", "TransactionCanceledException"}:
        return Conflict(conflict)
    if code == "ValidationException" and ITEM_TOO_LARGE_MESSAGE in str(error.get("Message", "")):
        return PayloadTooLarge(
            "this would be stored as one record larger than DynamoDB's 400 KB item limit (its hosts and "
            "hostVars, most often): nothing was written",
            error_code="ITEM_TOO_LARGE",
        )
    return exc
