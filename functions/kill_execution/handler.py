"""POST .../executions/{executionId}/kill: end the run at once."""

from typing import Annotated

from playrunner.api.handler import lambda_handler_for
from playrunner.api.params import Path
from playrunner.api.resolver import current_caller
from playrunner.api.router import Router
from playrunner.api.routes import route
from playrunner.composition.steps import execution_control
from playrunner.models.execution import Execution

router = Router()


@router.serve(route("kill_execution"), tags=("executions",))
def kill_execution(
    accountAlias: Annotated[str, Path()], jobId: Annotated[str, Path()], executionId: Annotated[str, Path()]
) -> Execution:
    return execution_control().kill(accountAlias, jobId, executionId, current_caller(router))


lambda_handler = lambda_handler_for(router)
