"""The writes every versioned entity makes: create once, replace at a version, delete if there."""

from playrunner.errors import Conflict, NotFound
from playrunner.store.dynamodb import Item, Table
from playrunner.store.schema import PARTITION_KEY


def create_once(table: Table, item: Item, what: str) -> None:
    table.put(item, condition=f"attribute_not_exists({PARTITION_KEY})", conflict=f"{what} already exists")


def replace_at_version(table: Table, item: Item, expected_version: int, what: str) -> None:
    """Write ITEM only while the stored one is at EXPECTED_VERSION (ITEM carries the next one)."""
    table.put(
        item,
        condition="#version = :expected",
        names={"#version": "version"},
        values={":expected": {"N": str(expected_version)}},
        conflict=f"{what} was changed by another request; read it again and retry",
    )


def delete_existing(table: Table, key: Item, not_found: NotFound) -> None:
    try:
        table.delete(key, condition=f"attribute_exists({PARTITION_KEY})", conflict="")
    except Conflict as exc:
        raise not_found from exc
