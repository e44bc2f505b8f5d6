"""GET .../executions/{executionId}/deliveries?after=CURSOR: every attempt to send a callback."""

from typing import Annotated

from playrunner.api.handler import lambda_handler_for
from playrunner.api.params import Path, Query
from playrunner.api.router import Router
from playrunner.api.routes import route
from playrunner.composition.executions import execution_service
from playrunner.models.delivery import DeliveryPage

router = Router()


@router.serve(route("list_deliveries"), tags=("executions",))
def list_deliveries(
    accountAlias: Annotated[str, Path()],
    jobId: Annotated[str, Path()],
    executionId: Annotated[str, Path()],
    after: Annotated[str | None, Query(max_length=512, pattern=r"^DELIVERY#[\w#.-]*$")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> DeliveryPage:
    return execution_service().deliveries(accountAlias, jobId, executionId, after, limit)


lambda_handler = lambda_handler_for(router)
