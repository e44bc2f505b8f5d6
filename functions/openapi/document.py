"""The OpenAPI document, generated from the routers of every API function of the catalogue.

Powertools writes it: each endpoint is registered with Powertools' resolver under a signature
whose markers (api/params.py) are translated into Powertools' own, so the document describes
exactly what the functions bind at run time.
"""

import functools
import importlib
import inspect
from functools import lru_cache
from typing import Annotated, Any, get_args, get_origin, get_type_hints

from aws_lambda_powertools.event_handler import APIGatewayRestResolver
from aws_lambda_powertools.event_handler import Response as PowertoolsResponse
from aws_lambda_powertools.event_handler.openapi import params as powertools_params
from aws_lambda_powertools.event_handler.openapi.models import HTTPBearer

import playrunner
from playrunner.api.params import Param, Response
from playrunner.api.router import Operation
from playrunner.catalogue import Kind, of_kind


def _translated(annotation: Any) -> Any:
    if get_origin(annotation) is Annotated:
        base, *extras = get_args(annotation)
        markers = [
            getattr(powertools_params, type(m).__name__)(**m.constraints) if isinstance(m, Param) else m for m in extras
        ]
        return Annotated[(base, *markers)]
    if get_origin(annotation) is Response:
        return PowertoolsResponse[get_args(annotation)]  # type: ignore[misc]
    return annotation


def _described(endpoint: Any) -> Any:
    """ENDPOINT as Powertools reads a signature: the same name, parameters and defaults, with
    Powertools' markers."""
    hints = get_type_hints(endpoint, include_extras=True)
    signature = inspect.signature(endpoint)

    @functools.wraps(endpoint)
    def described(**kwargs: Any) -> Any:
        return endpoint(**kwargs)

    described.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[p.replace(annotation=_translated(hints[p.name])) for p in signature.parameters.values()],
        return_annotation=_translated(hints.get("return", inspect.Signature.empty)),
    )
    return described


def _register(app: APIGatewayRestResolver, operation: Operation) -> None:
    app.route(
        operation.route.resolver_rule,
        operation.route.method,
        tags=list(operation.tags),
        include_in_schema=operation.include_in_schema,
        status_code=operation.status_code,
    )(_described(operation.endpoint))


def full_app() -> APIGatewayRestResolver:
    app = APIGatewayRestResolver(enable_validation=True)
    for function in of_kind(Kind.API):
        for operation in importlib.import_module(function.handler_module).router.operations:
            _register(app, operation)
    return app


@lru_cache
def openapi_json() -> str:
    return full_app().get_openapi_json_schema(
        title="playrunner",
        version=playrunner.__version__,
        description="A serverless Ansible job service for AWS.",
        security_schemes={"bearerToken": HTTPBearer(bearerFormat="JWT")},
        security=[{"bearerToken": []}],
    )


if __name__ == "__main__":
    print(openapi_json())
