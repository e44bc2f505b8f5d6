"""POST .../executions/{executionId}/stop: let the current task finish, then interrupt the playbook."""

from typing import Annotated

from playrunner.api.handler import lambda_handler_for
from playrunner.api.params import Body, Path
from playrunner.api.resolver import current_caller
from playrunner.api.router import Router
from playrunner.api.routes import route
from playrunner.composition.steps import execution_control
from playrunner.models.execution import Execution, StopRequest

router = Router()


@router.serve(route("stop_execution"), tags=("executions",))
def stop_execution(
    accountAlias: Annotated[str, Path()],
    jobId: Annotated[str, Path()],
    executionId: Annotated[str, Path()],
    request: Annotated[StopRequest | None, Body()] = None,
) -> Execution:
    return execution_control().stop(accountAlias, jobId, executionId, request or StopRequest(), current_caller(router))


lambda_handler = lambda_handler_for(router)
