"""GET .../executions/{executionId}/stdout/url: a short-lived pre-signed URL to each run's whole
stdout, for output too large to page through the API."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Path
from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from playrunner.api.handler import lambda_handler_for
from playrunner.api.routes import route
from playrunner.composition.executions import execution_service
from playrunner.models.execution import StdoutLinks

router = APIGatewayRouter()


@router.get(route("get_stdout_url").resolver_rule, tags=["executions"])
def get_stdout_url(
    accountAlias: Annotated[str, Path()], jobId: Annotated[str, Path()], executionId: Annotated[str, Path()]
) -> StdoutLinks:
    return execution_service().stdout_links(accountAlias, jobId, executionId)


lambda_handler = lambda_handler_for(router)
