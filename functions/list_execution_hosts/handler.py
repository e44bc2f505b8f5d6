"""GET .../executions/{executionId}/hosts?status=&nextToken=: each host's result, a page at a time."""

from typing import Annotated

from playrunner.api.handler import lambda_handler_for
from playrunner.api.params import Path, Query
from playrunner.api.router import Router
from playrunner.api.routes import route
from playrunner.composition.executions import execution_service
from playrunner.models.host_results import HostResultPage, HostState

router = Router()


@router.serve(route("list_execution_hosts"), tags=("executions",))
def list_execution_hosts(
    accountAlias: Annotated[str, Path()],
    jobId: Annotated[str, Path()],
    executionId: Annotated[str, Path()],
    status: Annotated[HostState | None, Query()] = None,
    nextToken: Annotated[str | None, Query(max_length=1024)] = None,
    size: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> HostResultPage:
    return execution_service().hosts(accountAlias, jobId, executionId, status, nextToken, size)


lambda_handler = lambda_handler_for(router)
