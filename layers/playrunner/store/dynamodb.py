"""What every DynamoDB adapter shares: a lazily built client, paging, and error translation."""

import itertools
from collections.abc import Iterator
from typing import Any

import boto3
from botocore.exceptions import ClientError

from playrunner.errors import Conflict
from playrunner.store.schema import LIST_INDEX, LIST_INDEX_PARTITION_KEY

Item = dict[str, Any]


class Table:
    """One DynamoDB table, reached through an injectable boto3 client."""

    def __init__(self, table_name: str, client: Any = None) -> None:
        self.name = table_name
        self._client = client

    @property
    def client(self) -> Any:
        if self._client is None:
            self._client = boto3.client("dynamodb")
        return self._client

    def put(
        self,
        item: Item,
        *,
        condition: str,
        conflict: str,
        names: dict[str, str] | None = None,
        values: Item | None = None,
    ) -> None:
        request: Item = {"TableName": self.name, "Item": item, "ConditionExpression": condition}
        if names:
            request["ExpressionAttributeNames"] = names
        if values:
            request["ExpressionAttributeValues"] = values
        try:
            self.client.put_item(**request)
        except ClientError as exc:
            raise _translate(exc, conflict) from exc

    def get(self, key: Item) -> Item | None:
        found: Item | None = self.client.get_item(TableName=self.name, Key=key, ConsistentRead=True).get(
            "Item"
        )
        return found

    def delete(self, key: Item, *, condition: str, conflict: str) -> None:
        try:
            self.client.delete_item(TableName=self.name, Key=key, ConditionExpression=condition)
        except ClientError as exc:
            raise _translate(exc, conflict) from exc

    def _list_items(self, collection: str) -> Iterator[Item]:
        paginator = self.client.get_paginator("query")
        for response in paginator.paginate(
            TableName=self.name,
            IndexName=LIST_INDEX,
            KeyConditionExpression="#pk = :pk",
            ExpressionAttributeNames={"#pk": LIST_INDEX_PARTITION_KEY},
            ExpressionAttributeValues={":pk": {"S": collection}},
            ScanIndexForward=False,
        ):
            yield from response["Items"]

    def count(self, collection: str) -> int:
        paginator = self.client.get_paginator("query")
        return sum(
            response["Count"]
            for response in paginator.paginate(
                TableName=self.name,
                IndexName=LIST_INDEX,
                KeyConditionExpression="#pk = :pk",
                ExpressionAttributeNames={"#pk": LIST_INDEX_PARTITION_KEY},
                ExpressionAttributeValues={":pk": {"S": collection}},
                Select="COUNT",
            )
        )

    def page(self, collection: str, page: int, size: int) -> list[Item]:
        """Items page*size .. page*size+size of a collection, newest first."""
        start = page * size
        return list(itertools.islice(self._list_items(collection), start, start + size))


def _translate(exc: ClientError, conflict: str) -> Exception:
    code = exc.response.get("Error", {}).get("Code", "")
    if code in {"ConditionalCheckFailedException", "TransactionCanceledException"}:
        return Conflict(conflict)
    return exc
