"""Turn a state-machine step into its Lambda handler: the state in, a model out, and
transient AWS errors named so that the state machine's Retry catches them."""

from collections.abc import Callable
from typing import Any, TypeVar

from botocore.exceptions import ClientError, EndpointConnectionError
from pydantic import BaseModel

from playrunner.observability import logger, metrics
from playrunner.orchestration.contracts import StepState

TRANSIENT_CODES = frozenset(
    {
        "ThrottlingException",
        "ProvisionedThroughputExceededException",
        "RequestLimitExceeded",
        "InternalServerError",
        "ServiceUnavailable",
        "TransactionConflictException",
    }
)


State = TypeVar("State", bound=BaseModel)


class RetryableStepError(Exception):
    """A transient failure: the state machine retries the step with backoff and jitter."""


def is_transient(exc: Exception) -> bool:
    """Whether EXC is worth the step's retry: a connection lost, a throttled or busy service."""
    if isinstance(exc, EndpointConnectionError):
        return True
    return isinstance(exc, ClientError) and exc.response.get("Error", {}).get("Code") in TRANSIENT_CODES


# Ids a step's state may carry, added to every log line of the step.
_LOG_KEYS = ("execution_id", "account_alias", "run_id", "task_id")


def step_handler(
    step: Callable[[State, dict[str, Any]], BaseModel],
    state_model: type[State] = StepState,  # type: ignore[assignment]
) -> Callable[[dict[str, Any], Any], Any]:
    @logger.inject_lambda_context(clear_state=True)
    @metrics.log_metrics
    def lambda_handler(event: dict[str, Any], context: Any) -> Any:
        state = state_model.model_validate(event)
        logger.append_keys(**{key: value for key in _LOG_KEYS if (value := getattr(state, key, None)) is not None})
        try:
            return step(state, event).model_dump(mode="json")
        except (EndpointConnectionError, ClientError) as exc:
            if is_transient(exc):
                raise RetryableStepError(str(exc)) from exc
            raise

    return lambda_handler
