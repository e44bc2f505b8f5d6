"""Lists that cost what they return.

Each collection (an account's jobs, a job's executions...) keeps its size in a counter item
beside it, changed right after each member's creation and deletion: totalSize is read, never
counted. (Not in one transaction with the member: moto copies the whole table for every
transaction, which would make every write on the local stack as slow as its table is large. A
writer that dies between the two writes leaves the count one short.) A page is read by cursor
(nextToken, DynamoDB's own position in the list index) or by page number for Runner clients
(never read and skipped beyond MAX_PAGE_OFFSET).
"""

import base64
import binascii
import itertools
import json
from collections.abc import Iterator
from typing import Any

from playrunner.errors import Invalid
from playrunner.store.dynamodb import Item, Table
from playrunner.store.schema import LIST_INDEX, LIST_INDEX_PARTITION_KEY, LIST_INDEX_SORT_KEY, PARTITION_KEY, SORT_KEY

# How deep page/size paging may reach into a list: beyond it a page is not read and skipped.
MAX_PAGE_OFFSET = 10_000
COUNTER_SORT_KEY = "#COUNT"
MAX_KEY_BYTES = 1024  # DynamoDB's limit for a sort key (a partition key's is 2048)
# An item's position in a list: what a cursor carries (the list itself is the request's).
_POSITION = (LIST_INDEX_SORT_KEY, PARTITION_KEY, SORT_KEY)


def counter_key(collection: str) -> Item:
    return {PARTITION_KEY: {"S": collection}, SORT_KEY: {"S": COUNTER_SORT_KEY}}


def _count(table: Table, collection: str, delta: int) -> None:
    table.client.update_item(
        TableName=table.name,
        Key=counter_key(collection),
        UpdateExpression="ADD #n :delta",
        ExpressionAttributeNames={"#n": "n"},
        ExpressionAttributeValues={":delta": {"N": str(delta)}},
    )


def put_member(table: Table, item: Item, *, condition: str, conflict: str) -> None:
    """Write ITEM under CONDITION; when it belongs to a collection, count it."""
    table.put(item, condition=condition, conflict=conflict)
    collection = item.get(LIST_INDEX_PARTITION_KEY, {}).get("S")
    if collection is not None:
        _count(table, collection, +1)


def delete_member(table: Table, key: Item, collection: str, *, condition: str, conflict: str) -> None:
    table.delete(key, condition=condition, conflict=conflict)
    _count(table, collection, -1)


def size(table: Table, collection: str) -> int:
    item = table.get(counter_key(collection))
    return max(0, int(item["n"]["N"])) if item else 0


# Set once counters are kept: a table from before them has its lists counted once (local stack).
COUNTERS_MARKER = {PARTITION_KEY: {"S": "#SCHEMA"}, SORT_KEY: {"S": "COUNTERS"}}


def count_every_list_once(table: Table) -> int:
    """Set each list's counter from its members, once per table (a local stack's data directory
    from before the counters); answer how many lists were counted."""
    if table.get(COUNTERS_MARKER) is not None:
        return 0
    sizes: dict[str, int] = {}
    for page in table.client.get_paginator("scan").paginate(
        TableName=table.name, ProjectionExpression="#c", ExpressionAttributeNames={"#c": LIST_INDEX_PARTITION_KEY}
    ):
        for item in page["Items"]:
            if LIST_INDEX_PARTITION_KEY in item:
                collection = item[LIST_INDEX_PARTITION_KEY]["S"]
                sizes[collection] = sizes.get(collection, 0) + 1
    for collection, counted in sizes.items():
        table.client.put_item(TableName=table.name, Item={**counter_key(collection), "n": {"N": str(counted)}})
    table.client.put_item(TableName=table.name, Item=COUNTERS_MARKER)
    return len(sizes)


# --- cursors ------------------------------------------------------------------------------------


def _token_of(item: Item) -> str:
    """The position after ITEM in its list: its keys, without the collection (a cursor given
    back is read within the collection asked for, so it cannot reach another)."""
    position = {name: item[name]["S"] for name in _POSITION}
    return base64.urlsafe_b64encode(json.dumps(position, separators=(",", ":")).encode()).decode().rstrip("=")


def _start_key(collection: str, token: str) -> Item:
    try:
        position = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        values = [position[name] for name in _POSITION]
    except (ValueError, binascii.Error, KeyError, TypeError) as exc:
        raise _bad_token() from exc
    # DynamoDB refuses an empty or oversized key outright: such a token is the client's mistake.
    if not all(isinstance(value, str) and 0 < len(value.encode()) <= MAX_KEY_BYTES for value in values):
        raise _bad_token()
    start = {name: {"S": value} for name, value in zip(_POSITION, values, strict=True)}
    return {LIST_INDEX_PARTITION_KEY: {"S": collection}, **start}


def _bad_token() -> Invalid:
    return Invalid("nextToken is not one this list gave", error_code="INVALID_NEXT_TOKEN")


def members(table: Table, collection: str, start: Item | None = None) -> Iterator[Item]:
    """Every item of COLLECTION, newest first (after START, a position)."""
    paginator = table.client.get_paginator("query")
    request: dict[str, Any] = {
        "TableName": table.name,
        "IndexName": LIST_INDEX,
        "KeyConditionExpression": "#pk = :pk",
        "ExpressionAttributeNames": {"#pk": LIST_INDEX_PARTITION_KEY},
        "ExpressionAttributeValues": {":pk": {"S": collection}},
        "ScanIndexForward": False,
    }
    if start is not None:
        request["ExclusiveStartKey"] = start
    for response in paginator.paginate(**request):
        yield from response["Items"]


def _page_and_token(items: list[Item], wanted: int) -> tuple[list[Item], str | None]:
    """The first WANTED of ITEMS (read one more than wanted), and the cursor after them, if more follow."""
    page = items[:wanted]
    return page, (_token_of(page[-1]) if len(items) > wanted and page else None)


def page_after(table: Table, collection: str, token: str | None, wanted: int) -> tuple[list[Item], str | None]:
    """WANTED items of COLLECTION, newest first, after the position TOKEN names (none: from the start)."""
    start = _start_key(collection, token) if token else None
    return _page_and_token(list(itertools.islice(members(table, collection, start), wanted + 1)), wanted)


def page_number(table: Table, collection: str, page: int, wanted: int) -> tuple[list[Item], str | None]:
    """Items page*wanted .. of COLLECTION, newest first. A page past the end is empty; a page deeper
    than MAX_PAGE_OFFSET items into a list that long is refused (use nextToken) rather than read
    and skipped item by item."""
    start = page * wanted
    if start >= MAX_PAGE_OFFSET:
        if start >= size(table, collection):
            return [], None
        raise Invalid(
            f"page {page} starts {start} items deep: pages reach at most {MAX_PAGE_OFFSET} items into a list; "
            "walk it with nextToken",
            error_code="PAGE_TOO_DEEP",
        )
    read = list(itertools.islice(members(table, collection), start, start + wanted + 1))
    return _page_and_token(read, wanted)


def read_page(
    table: Table, collection: str, page: int, wanted: int, token: str | None
) -> tuple[list[Item], str | None]:
    """A page by cursor when TOKEN is given, else by page number."""
    return page_after(table, collection, token, wanted) if token else page_number(table, collection, page, wanted)
