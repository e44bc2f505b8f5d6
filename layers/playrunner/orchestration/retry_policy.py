"""How a state machine retries the functions it invokes: written once, put into the execution
state machine's definition (definition.py) and every workflow's (workflow_definition.py).

A step retries what is transient (Lambda throttled or failing inside, or a step that named its
error retryable: a throttled table, a connection lost); a last step, which ends the run for
good, retries whatever failed, longer.
"""

from typing import Any, Final

TRANSIENT_ERRORS: Final = (
    "Lambda.ServiceException",
    "Lambda.AWSLambdaException",
    "Lambda.SdkClientException",
    "Lambda.TooManyRequestsException",
    "RetryableStepError",  # orchestration/step_handler.py
)
_BACKOFF: Final = {"IntervalSeconds": 1, "BackoffRate": 2, "JitterStrategy": "FULL"}

# In a definition file, a Retry given as {"playrunner:retry": "<policy>"} is that policy.
MARKER: Final = "playrunner:retry"


def transient() -> list[dict[str, Any]]:
    return [{"ErrorEquals": list(TRANSIENT_ERRORS), **_BACKOFF, "MaxAttempts": 5, "MaxDelaySeconds": 20}]


def dispatch() -> list[dict[str, Any]]:
    """Starting a runner: while there is no room for one (RunnerCapacityUnavailable), ask again
    for about half an hour, every 10 s at most; then as any step."""
    waiting = {"ErrorEquals": ["RunnerCapacityUnavailable"], **_BACKOFF, "BackoffRate": 1.5}
    return [{**waiting, "MaxAttempts": 200, "MaxDelaySeconds": 10}, *transient()]


def last_step() -> list[dict[str, Any]]:
    return [{"ErrorEquals": ["States.ALL"], **_BACKOFF, "MaxAttempts": 8, "MaxDelaySeconds": 30}]


POLICIES: Final = {"transient": transient, "dispatch": dispatch, "last_step": last_step}


def with_policies(definition: dict[str, Any]) -> dict[str, Any]:
    """DEFINITION with each Retry marker replaced by its policy (in a Map's states too)."""
    for state in definition["States"].values():
        retry = state.get("Retry")
        if isinstance(retry, dict):
            state["Retry"] = POLICIES[retry[MARKER]]()
        if "ItemProcessor" in state:
            with_policies(state["ItemProcessor"])
    return definition
