"""The Idempotency-Key header on start, restart and relaunch: the same key and body within
24 hours answer the same execution; the same key with another body is refused (409).

Powertools Idempotency keeps the records in the service's one table (under the account's
IDEMPOTENCY partition, expiring through the table's TTL). It stores hashes of the key and of
the body, never the body: a body may carry a private key.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from playrunner.api.router import Router
from playrunner.composition.stores import table
from playrunner.errors import Conflict, Invalid
from playrunner.models.execution import Execution
from playrunner.store.schema import PARTITION_KEY, SORT_KEY, TTL_ATTRIBUTE

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer

IDEMPOTENCY_HEADER = "Idempotency-Key"
IDEMPOTENCY_HOURS = 24
MAX_KEY_CHARS = 255


def _persistence(account_alias: str) -> "DynamoDBPersistenceLayer":
    from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer

    shared = table()
    return DynamoDBPersistenceLayer(
        table_name=shared.name,
        key_attr=PARTITION_KEY,
        sort_key_attr=SORT_KEY,
        static_pk_value=f"IDEMPOTENCY#{account_alias}",
        expiry_attr=TTL_ATTRIBUTE,
        boto3_client=shared.client,
    )


def once_per_key(
    router: Router,
    account_alias: str,
    operation: str,
    body: BaseModel | None,
    launch: Callable[[], Execution],
) -> Execution:
    """LAUNCH once per Idempotency-Key (when the request carries one) for OPERATION, a name that
    says what is launched and from what (the route and its path's ids)."""
    key = router.current_event.headers.get(IDEMPOTENCY_HEADER)
    if key is None:
        return launch()
    if not key or len(key) > MAX_KEY_CHARS:
        raise Invalid(f"{IDEMPOTENCY_HEADER} must be 1 to {MAX_KEY_CHARS} characters", error_code="VALIDATION_ERROR")
    # Only a request with a key loads Powertools' idempotency (and boto3 with it), not every start.
    from aws_lambda_powertools.utilities.idempotency import IdempotencyConfig, idempotent_function
    from aws_lambda_powertools.utilities.idempotency.exceptions import (
        IdempotencyAlreadyInProgressError,
        IdempotencyValidationError,
    )
    from aws_lambda_powertools.utilities.idempotency.serialization.pydantic import PydanticSerializer

    config = IdempotencyConfig(
        event_key_jmespath="key",
        payload_validation_jmespath="body",
        raise_on_no_idempotency_key=True,
        expires_after_seconds=IDEMPOTENCY_HOURS * 3600,
    )
    config.register_lambda_context(router.lambda_context)

    @idempotent_function(
        data_keyword_argument="request",
        persistence_store=_persistence(account_alias),
        config=config,
        output_serializer=PydanticSerializer(Execution),
    )
    def launch_once(request: dict[str, Any]) -> Execution:
        return launch()

    document = body.model_dump(mode="json", exclude_none=True) if body is not None else {}
    try:
        return launch_once(request={"key": f"{operation}#{key}", "body": document})
    except IdempotencyValidationError as exc:
        raise Conflict(
            f"{IDEMPOTENCY_HEADER} {key!r} was used with another request body", error_code="IDEMPOTENCY_KEY_REUSED"
        ) from exc
    except IdempotencyAlreadyInProgressError as exc:
        raise Conflict(
            f"a request with {IDEMPOTENCY_HEADER} {key!r} is still in progress",
            error_code="IDEMPOTENCY_KEY_IN_PROGRESS",
        ) from exc
