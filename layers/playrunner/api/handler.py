"""Turn a function's router into its Lambda handler, with the same decorator stack everywhere."""

from collections.abc import Callable
from typing import Any

from aws_lambda_powertools.logging import correlation_paths

from playrunner.api.resolver import refuse_early, resolve
from playrunner.api.router import Router
from playrunner.environment import settings
from playrunner.observability import logger, metrics
from playrunner.settings import ConsoleSettings

LambdaHandler = Callable[[dict[str, Any], Any], dict[str, Any]]


def lambda_handler_for(router: Router) -> LambdaHandler:
    @logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST, clear_state=True)
    @metrics.log_metrics
    def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        return with_cors(refuse_early(event) or resolve(router, event, context))

    return lambda_handler


# What the console reads from answers besides their body.
EXPOSED_HEADERS = "Location, X-Stdout-Total-Size, X-Stdout-Next-Offset"


def with_cors(response: dict[str, Any]) -> dict[str, Any]:
    """RESPONSE naming the web console's origin, the only one whose scripts may read it (API
    Gateway answers the preflight; see infra/api.py)."""
    origin = settings(ConsoleSettings).console_origin
    if origin:
        response["headers"] = {
            **(response.get("headers") or {}),
            "Access-Control-Allow-Origin": origin,
            "Access-Control-Expose-Headers": EXPOSED_HEADERS,
            "Vary": "Origin",
        }
    return response
