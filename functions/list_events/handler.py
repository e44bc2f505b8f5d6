"""GET .../executions/{executionId}/events?after=SEQ: the execution's Ansible events, in order."""

from typing import Annotated

from playrunner.api.handler import lambda_handler_for
from playrunner.api.params import Path, Query
from playrunner.api.router import Router
from playrunner.api.routes import route
from playrunner.composition.executions import execution_service
from playrunner.models.execution import EventPage

router = Router()


@router.serve(route("list_events"), tags=("executions",))
def list_events(
    accountAlias: Annotated[str, Path()],
    jobId: Annotated[str, Path()],
    executionId: Annotated[str, Path()],
    after: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 1000,
) -> EventPage:
    return execution_service().events(accountAlias, jobId, executionId, after, limit)


lambda_handler = lambda_handler_for(router)
