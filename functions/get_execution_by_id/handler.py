"""GET /executions/{accountAlias}/{executionId}: one execution, found by its id alone
(?hostDetails=false: without its hosts, failed_hosts and host_summaries, read for its status alone)."""

from typing import Annotated

from playrunner.api.handler import lambda_handler_for
from playrunner.api.params import Path, Query
from playrunner.api.router import Router
from playrunner.api.routes import route
from playrunner.composition.executions import execution_service
from playrunner.models.execution import Execution

router = Router()


@router.serve(route("get_execution_by_id"), tags=("executions",))
def get_execution_by_id(
    accountAlias: Annotated[str, Path()],
    executionId: Annotated[str, Path()],
    hostDetails: Annotated[bool, Query()] = True,
) -> Execution:
    return execution_service().get(accountAlias, executionId, host_details=hostDetails)


lambda_handler = lambda_handler_for(router)
