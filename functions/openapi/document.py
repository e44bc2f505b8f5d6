"""The OpenAPI document, generated from the routers of every API function of the catalogue."""

import importlib
from functools import lru_cache

from aws_lambda_powertools.event_handler import APIGatewayRestResolver
from aws_lambda_powertools.event_handler.openapi.models import HTTPBearer

import playrunner
from playrunner.catalogue import Kind, of_kind


def full_app() -> APIGatewayRestResolver:
    app = APIGatewayRestResolver(enable_validation=True)
    for function in of_kind(Kind.API):
        app.include_router(importlib.import_module(function.handler_module).router)
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
