"""The OpenAPI document, generated from the routers of every function in the route table."""

import importlib
from functools import lru_cache

from aws_lambda_powertools.event_handler import APIGatewayRestResolver
from aws_lambda_powertools.event_handler.openapi.models import HTTPBearer

import playrunner
from playrunner.api.routes import FUNCTIONS


def full_app() -> APIGatewayRestResolver:
    app = APIGatewayRestResolver(enable_validation=True)
    for function in FUNCTIONS:
        app.include_router(importlib.import_module(f"functions.{function}.handler").router)
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
