"""POST .../executions/{executionId}/kill: end the run at once."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Path
from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from playrunner.api.handler import lambda_handler_for
from playrunner.api.resolver import current_caller
from playrunner.api.routes import route
from playrunner.composition.steps import execution_control
from playrunner.models.execution import Execution

router = APIGatewayRouter()


@router.post(route("kill_execution").resolver_rule, tags=["executions"])
def kill_execution(
    accountAlias: Annotated[str, Path()], jobId: Annotated[str, Path()], executionId: Annotated[str, Path()]
) -> Execution:
    return execution_control().kill(accountAlias, jobId, executionId, current_caller(router))


lambda_handler = lambda_handler_for(router)
