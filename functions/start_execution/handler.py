"""POST (or GET) /jobs/{accountAlias}/{jobId}/start: run the job now."""

from typing import Annotated

from playrunner.api.handler import lambda_handler_for
from playrunner.api.idempotency import once_per_key
from playrunner.api.params import APPLICATION_JSON, Body, Path, Response
from playrunner.api.resolver import current_caller
from playrunner.api.router import Router
from playrunner.api.routes import route
from playrunner.composition.executions import execution_service
from playrunner.models.execution import Execution, StartRequest
from playrunner.services.executions import execution_path

router = Router()


def _started(execution: Execution) -> Response[Execution]:
    return Response(
        status_code=201,
        content_type=APPLICATION_JSON,
        body=execution,
        headers={"Location": execution_path(execution)},
    )


def _start(account_alias: str, job_id: str, request: StartRequest) -> Response[Execution]:
    caller = current_caller(router)
    return _started(
        once_per_key(
            router,
            account_alias,
            f"start#{job_id}",
            request,
            lambda: execution_service().start(account_alias, job_id, request, caller),
        )
    )


@router.serve(route("start_execution"), tags=("executions",))
def start_execution(
    accountAlias: Annotated[str, Path()],
    jobId: Annotated[str, Path()],
    request: Annotated[StartRequest | None, Body()] = None,
) -> Response[Execution]:
    return _start(accountAlias, jobId, request or StartRequest())


@router.serve(route("start_execution_get"), tags=("executions",))
def start_execution_get(accountAlias: Annotated[str, Path()], jobId: Annotated[str, Path()]) -> Response[Execution]:
    return _start(accountAlias, jobId, StartRequest())


lambda_handler = lambda_handler_for(router)
