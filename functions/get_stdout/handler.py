"""GET .../executions/{executionId}/stdout: the full text output of every run of it."""

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Path
from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from playrunner.api.handler import lambda_handler_for
from playrunner.api.routes import route
from playrunner.composition.executions import execution_service

router = APIGatewayRouter()


@router.get(route("get_stdout").resolver_rule, tags=["executions"])
def get_stdout(
    accountAlias: Annotated[str, Path()], jobId: Annotated[str, Path()], executionId: Annotated[str, Path()]
) -> Response[str]:
    text = execution_service().stdout(accountAlias, jobId, executionId)
    return Response(status_code=200, content_type="text/plain; charset=utf-8", body=text)


lambda_handler = lambda_handler_for(router)
