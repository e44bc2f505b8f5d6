"""Conditional writes in moto's DynamoDB made atomic, as they are in DynamoDB.

moto checks a write's condition and then applies it with nothing in between held: two racing
update_item calls on one version can both pass the check. The local stack and the tests rely on
"two racing requests cannot both win", so every write method runs under one lock.
"""

import functools
import threading
from typing import Any

from moto.dynamodb.models import DynamoDBBackend

WRITE_METHODS = ("put_item", "update_item", "delete_item", "transact_write_items")
_lock = threading.RLock()
_MARK = "_playrunner_serialized"


def serialize_writes() -> None:
    """Idempotent: the methods are wrapped once per process."""
    for name in WRITE_METHODS:
        method = getattr(DynamoDBBackend, name)
        if getattr(method, _MARK, False):
            continue

        @functools.wraps(method)
        def serialized(self: Any, *args: Any, __method: Any = method, **kwargs: Any) -> Any:
            with _lock:
                return __method(self, *args, **kwargs)

        setattr(serialized, _MARK, True)
        setattr(DynamoDBBackend, name, serialized)


def write_lock() -> threading.RLock:
    """Held by every write: whoever changes moto's table state from outside holds it too."""
    return _lock
