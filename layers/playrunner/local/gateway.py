"""A local API Gateway: the same route table, a Cognito authorizer, and Lambda proxy
integrations that invoke the same handlers the CDK stack deploys."""

from http import HTTPStatus
from typing import Any

from aws_lambda_powertools import Logger
from werkzeug.wrappers import Request, Response

from playrunner.api import routes
from playrunner.auth.tokens import TokenVerifier
from playrunner.errors import Unauthorized
from playrunner.local.apigw import proxy_event, proxy_response
from playrunner.local.console import is_console, serve_console
from playrunner.local.functions import FunctionHost
from playrunner.models.errors import ErrorBody

# API Gateway's own payload limit; the functions refuse a body over MAX_BODY_BYTES themselves, and
# Lambda (local/functions.py) an event over 6 MiB: between the two, a 502, as in AWS.
API_GATEWAY_MAX_PAYLOAD = 10 * 1024 * 1024

logger = Logger(service="playrunner-gateway")


def _error(status: HTTPStatus, code: str, message: str) -> Response:
    body = ErrorBody(error_code=code, error_msg=message).model_dump_json(exclude_none=True)
    return Response(body, status=status.value, content_type="application/json")


class Gateway:
    def __init__(self, functions: FunctionHost, verifier: TokenVerifier) -> None:
        self._functions = functions
        self._verifier = verifier

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        return self.handle(Request(environ))(environ, start_response)

    def _claims(self, request: Request) -> dict[str, Any]:
        scheme, _, token = (request.headers.get("Authorization") or "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthorized("an Authorization: Bearer <token> header is required")
        return self._verifier.verify(token.strip())

    def handle(self, request: Request) -> Response:
        if is_console(request.path):
            return serve_console(request)
        found = routes.match(request.method, request.path)
        if found is None:
            if routes.allowed_methods(request.path):
                return _error(
                    HTTPStatus.METHOD_NOT_ALLOWED,
                    "METHOD_NOT_ALLOWED",
                    f"{request.method} is not allowed here",
                )
            return _error(HTTPStatus.NOT_FOUND, "ROUTE_NOT_FOUND", "no such resource")
        route, path_parameters = found
        if (request.content_length or 0) > API_GATEWAY_MAX_PAYLOAD:
            return _error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "PAYLOAD_TOO_LARGE", "the request body is too large")
        try:
            claims = None if route.public else self._claims(request)
        except Unauthorized as exc:
            return _error(HTTPStatus.UNAUTHORIZED, exc.error_code, exc.message)
        event = proxy_event(
            route=route,
            path=request.path,
            path_parameters=path_parameters,
            headers=dict(request.headers.items()),
            query={k: request.args.getlist(k) for k in request.args},
            body=request.get_data(),
            claims=claims,
            source_ip=request.remote_addr or "127.0.0.1",
        )
        try:
            result = self._functions.invoke(route.function, event)
        except Exception:
            logger.exception("the function failed", extra={"function": route.function})
            return _error(HTTPStatus.BAD_GATEWAY, "FUNCTION_ERROR", "the function behind this route failed")
        status, headers, body = proxy_response(result)
        logger.debug("request", extra={"method": request.method, "path": request.path, "status": status})
        return Response(body, status=status, headers=headers)
