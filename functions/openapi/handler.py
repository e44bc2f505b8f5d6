"""GET /openapi.json: the OpenAPI document, generated from every route's models."""

from typing import Any

from playrunner.api.handler import lambda_handler_for
from playrunner.api.params import APPLICATION_JSON, Response
from playrunner.api.router import Router
from playrunner.api.routes import route

router = Router()


@router.serve(route("openapi"), include_in_schema=False)
def openapi() -> Response[Any]:
    # Powertools' resolver writes the document: loaded by the first request, not the cold start.
    from functions.openapi.document import openapi_json

    return Response(status_code=200, content_type=APPLICATION_JSON, body=openapi_json())


lambda_handler = lambda_handler_for(router)
