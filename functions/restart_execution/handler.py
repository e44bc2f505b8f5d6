"""POST .../executions/{executionId}/restart: run a FAILURE execution again on its failed hosts."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body, Path
from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from playrunner.api.handler import lambda_handler_for
from playrunner.api.idempotency import once_per_key
from playrunner.api.resolver import current_caller
from playrunner.api.routes import route
from playrunner.composition.steps import execution_control
from playrunner.models.execution import Execution, RestartRequest

router = APIGatewayRouter()


@router.post(route("restart_execution").resolver_rule, tags=["executions"])
def restart_execution(
    accountAlias: Annotated[str, Path()],
    jobId: Annotated[str, Path()],
    executionId: Annotated[str, Path()],
    request: Annotated[RestartRequest | None, Body()] = None,
) -> Execution:
    body, caller = request or RestartRequest(), current_caller(router)
    return once_per_key(
        router,
        accountAlias,
        f"restart#{executionId}",
        body,
        lambda: execution_control().restart(accountAlias, jobId, executionId, body, caller),
    )


lambda_handler = lambda_handler_for(router)
