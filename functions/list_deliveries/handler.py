"""GET .../executions/{executionId}/deliveries?after=CURSOR: every attempt to send a callback."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from playrunner.api.handler import lambda_handler_for
from playrunner.api.routes import route
from playrunner.composition.executions import execution_service
from playrunner.models.delivery import DeliveryPage

router = APIGatewayRouter()


@router.get(route("list_deliveries").resolver_rule, tags=["executions"])
def list_deliveries(
    accountAlias: Annotated[str, Path()],
    jobId: Annotated[str, Path()],
    executionId: Annotated[str, Path()],
    after: Annotated[str | None, Query(max_length=512, pattern=r"^DELIVERY#[\w#.-]*$")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> DeliveryPage:
    return execution_service().deliveries(accountAlias, jobId, executionId, after, limit)


lambda_handler = lambda_handler_for(router)
