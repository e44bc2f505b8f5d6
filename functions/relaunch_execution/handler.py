"""POST .../executions/{executionId}/relaunch: a new execution of the same job on all or the failed hosts."""

from typing import Annotated

from playrunner.api.handler import lambda_handler_for
from playrunner.api.idempotency import once_per_key
from playrunner.api.params import APPLICATION_JSON, Body, Path, Response
from playrunner.api.resolver import current_caller
from playrunner.api.router import Router
from playrunner.api.routes import route
from playrunner.composition.executions import execution_service
from playrunner.models.execution import Execution, RelaunchRequest
from playrunner.services.executions import execution_path

router = Router()


@router.serve(route("relaunch_execution"), tags=("executions",))
def relaunch_execution(
    accountAlias: Annotated[str, Path()],
    jobId: Annotated[str, Path()],
    executionId: Annotated[str, Path()],
    request: Annotated[RelaunchRequest | None, Body()] = None,
) -> Response[Execution]:
    body, caller = request or RelaunchRequest(), current_caller(router)
    execution = once_per_key(
        router,
        accountAlias,
        f"relaunch#{executionId}",
        body,
        lambda: execution_service().relaunch(accountAlias, jobId, executionId, body, caller),
    )
    return Response(
        status_code=201,
        content_type=APPLICATION_JSON,
        body=execution,
        headers={"Location": execution_path(execution)},
    )


lambda_handler = lambda_handler_for(router)
