"""Turn a function's router into its Lambda handler, with the same decorator stack everywhere."""

from collections.abc import Callable
from typing import Any

from aws_lambda_powertools.event_handler.router import APIGatewayRouter
from aws_lambda_powertools.logging import correlation_paths

from playrunner.api.resolver import build_app, refuse_early
from playrunner.observability import logger, metrics

LambdaHandler = Callable[[dict[str, Any], Any], dict[str, Any]]


def lambda_handler_for(router: APIGatewayRouter) -> LambdaHandler:
    app = build_app()
    app.include_router(router)

    @logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST, clear_state=True)
    @metrics.log_metrics
    def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        return refuse_early(event) or app.resolve(event, context)

    return lambda_handler
