"""A list too long for one item (a job's hosts, an execution's targets), kept beside it in
chunks: items of a partition of its own, each a JSON array well under DynamoDB's 400 KB.

A short list stays in the item itself (generation 0): at most INLINE_BYTES, so the item stays
small whatever it holds, and reading it costs no second call (a start, and every step of a
run, reads its execution and its job).

The chunks are written by generation (G<generation>#000000, G<generation>#000001, ...). A
change writes a new generation before the item that names it (`*_generation`); a lost race
forgets its own, and a won one forgets the one it replaced. A reader reads only the generation
the item names. Each writer draws its generation at random, so that two racing writers never
write (or forget) each other's chunks.
"""

import secrets

from playrunner.observability import logger
from playrunner.store.dynamodb import Table
from playrunner.store.schema import PARTITION_KEY, SORT_KEY

# A chunk stays well under DynamoDB's 400 KB item limit, and under what a test of the largest
# item allows (100 KB): one value larger than that is a chunk of its own (which the item limit
# may refuse: ITEM_TOO_LARGE).
CHUNK_BYTES = 64_000
INLINE_BYTES = 8_000
_PAGE = 100


def new_generation() -> int:
    return secrets.randbits(48) | 1  # never 0: "no chunks", for items written before them


def fits_inline(values: list[str]) -> bool:
    """Whether VALUES (each one JSON text) stay in their item, rather than in chunks."""
    return sum(len(value) + 1 for value in values) <= INLINE_BYTES


def chunk_key(generation: int, number: int | None) -> str:
    prefix = f"G{generation:06d}#"
    return prefix if number is None else f"{prefix}{number:06d}"


def chunked(values: list[str]) -> list[str]:
    """VALUES (each one JSON text) as JSON arrays of about CHUNK_BYTES at most."""
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    for value in values:
        if current and size + len(value) > CHUNK_BYTES:
            chunks.append(f"[{','.join(current)}]")
            current, size = [], 0
        current.append(value)
        size += len(value) + 1
    if current or not chunks:
        chunks.append(f"[{','.join(current)}]")
    return chunks


class Chunks:
    """The chunks of one kind of list, in the attribute ATTRIBUTE of each chunk item."""

    def __init__(self, table: Table, attribute: str) -> None:
        self._table = table
        self._attribute = attribute

    def write(self, partition: str, generation: int, values: list[str]) -> None:
        self._table.batch_put(
            [
                {
                    PARTITION_KEY: {"S": partition},
                    SORT_KEY: {"S": chunk_key(generation, number)},
                    self._attribute: {"S": text},
                }
                for number, text in enumerate(chunked(values))
            ]
        )

    def read(self, partition: str, generation: int) -> list[str]:
        """Each chunk's JSON array, in order."""
        prefix = chunk_key(generation, None)
        texts: list[str] = []
        after = prefix
        while True:
            items = self._table.query_after(partition, prefix, after, _PAGE)
            texts.extend(item[self._attribute]["S"] for item in items)
            if len(items) < _PAGE:
                return texts
            after = items[-1][SORT_KEY]["S"]

    def forget(self, partition: str, generation: int) -> None:
        """Best effort: chunks no item names any more are never read."""
        prefix = chunk_key(generation, None)
        try:
            for item in self._table.query_after(partition, prefix, prefix, 10_000):
                self._table.client.delete_item(
                    TableName=self._table.name, Key={k: item[k] for k in (PARTITION_KEY, SORT_KEY)}
                )
        except Exception:
            logger.exception("old chunks were left behind", extra={"partition": partition})
