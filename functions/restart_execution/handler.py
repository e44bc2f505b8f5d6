"""POST .../executions/{executionId}/restart: run a FAILURE execution again on its failed hosts."""

from typing import Annotated

from playrunner.api.handler import lambda_handler_for
from playrunner.api.idempotency import once_per_key
from playrunner.api.params import Body, Path
from playrunner.api.resolver import current_caller
from playrunner.api.router import Router
from playrunner.api.routes import route
from playrunner.composition.steps import execution_control
from playrunner.models.execution import Execution, RestartRequest

router = Router()


@router.serve(route("restart_execution"), tags=("executions",))
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
