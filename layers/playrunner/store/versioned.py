"""The writes every versioned entity makes: create once, replace at a version, delete if there,
and change optimistically (read, change, write at the version read; again if another won)."""

from collections.abc import Callable
from typing import TypeVar

from playrunner.errors import Conflict, NotFound
from playrunner.store.collections import delete_member, put_member
from playrunner.store.dynamodb import Item, Table
from playrunner.store.schema import PARTITION_KEY


def create_once(table: Table, item: Item, what: str) -> None:
    """Write ITEM unless it exists; a member of a list is counted with it (store/collections.py)."""
    put_member(table, item, condition=f"attribute_not_exists({PARTITION_KEY})", conflict=f"{what} already exists")


def replace_at_version(table: Table, item: Item, expected_version: int, what: str) -> None:
    """Write ITEM only while the stored one is at EXPECTED_VERSION (ITEM carries the next one)."""
    table.put(
        item,
        condition="#version = :expected",
        names={"#version": "version"},
        values={":expected": {"N": str(expected_version)}},
        conflict=f"{what} was changed by another request; read it again and retry",
    )


T = TypeVar("T")
# How often a change is tried again after losing a race before the caller is told to retry.
MAX_CHANGE_ATTEMPTS = 20


def until_written(attempt: Callable[[], T | None], what: str) -> T:
    """ATTEMPT's result: it reads, changes and writes at the version it read, and answers None
    when that write lost to another writer (it is then tried again, reading anew). After
    MAX_CHANGE_ATTEMPTS lost races: a Conflict asking the client to try again."""
    for _ in range(MAX_CHANGE_ATTEMPTS):
        result = attempt()
        if result is not None:
            return result
    raise Conflict(f"{what} kept changing; try again")


def delete_existing(table: Table, key: Item, not_found: NotFound, collection: str | None = None) -> None:
    """Delete the item at KEY, or raise NOT_FOUND; a member of COLLECTION is uncounted with it."""
    condition = f"attribute_exists({PARTITION_KEY})"
    try:
        if collection is None:
            table.delete(key, condition=condition, conflict="")
        else:
            delete_member(table, key, collection, condition=condition, conflict="")
    except Conflict as exc:
        raise not_found from exc
