"""GET /openapi.json: the OpenAPI document, generated from every route's models."""

from typing import Any

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from functions.openapi.document import openapi_json
from playrunner.api.handler import lambda_handler_for
from playrunner.api.routes import route

router = APIGatewayRouter()


@router.get(route("openapi").resolver_rule, include_in_schema=False)
def openapi() -> Response[Any]:
    return Response(status_code=200, content_type=content_types.APPLICATION_JSON, body=openapi_json())


lambda_handler = lambda_handler_for(router)
