"""The one resolver setup every endpoint function uses: validation on, the error envelope,
every domain exception mapped to its HTTP status here and nowhere else."""

import base64
import binascii
from http import HTTPStatus
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response, content_types
from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError
from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEvent

from playrunner.api.routes import find_by_resource
from playrunner.auth.claims import caller_from_claims
from playrunner.errors import (
    Conflict,
    Forbidden,
    Invalid,
    NotFound,
    PayloadTooLarge,
    PlayrunnerError,
    Unauthorized,
    UnsupportedMediaType,
)
from playrunner.models.auth import Caller
from playrunner.models.errors import ErrorBody, FieldError
from playrunner.naming import MAX_BODY_BYTES
from playrunner.observability import logger

HTTP_STATUS: dict[type[PlayrunnerError], HTTPStatus] = {
    Invalid: HTTPStatus.BAD_REQUEST,
    Unauthorized: HTTPStatus.UNAUTHORIZED,
    Forbidden: HTTPStatus.FORBIDDEN,
    NotFound: HTTPStatus.NOT_FOUND,
    Conflict: HTTPStatus.CONFLICT,
    PayloadTooLarge: HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
    UnsupportedMediaType: HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
}


def status_of(error: PlayrunnerError) -> HTTPStatus:
    for cls in type(error).__mro__:
        if cls in HTTP_STATUS:
            return HTTP_STATUS[cls]
    return HTTPStatus.INTERNAL_SERVER_ERROR


def error_response(
    status: HTTPStatus, error_code: str, error_msg: str, details: list[FieldError] | None = None
) -> Response[Any]:
    body = ErrorBody(error_code=error_code, error_msg=error_msg, details=details)
    return Response(
        status_code=status.value,
        content_type=content_types.APPLICATION_JSON,
        body=body.model_dump_json(exclude_none=True),
    )


def _field_errors(errors: list[dict[str, Any]]) -> list[FieldError]:
    fields = []
    for error in errors:
        location = [str(part) for part in error.get("loc", ())]
        if location and location[0] == "body":
            location = location[1:]
        reason = str(error.get("msg", "invalid")).removeprefix("Value error, ")
        if error.get("type") == "extra_forbidden":
            reason = "unknown field"
        fields.append(FieldError(field=".".join(location) or "body", reason=reason))
    return fields


def _validation_error_response(exc: RequestValidationError) -> Response[Any]:
    errors = list(exc.errors())
    if any(error.get("type") == "json_invalid" for error in errors):
        return error_response(HTTPStatus.BAD_REQUEST, "MALFORMED_JSON", "the request body is not valid JSON")
    details = _field_errors(errors)
    summary = "; ".join(f"{d.field}: {d.reason}" for d in details[:3])
    more = f" (and {len(details) - 3} more)" if len(details) > 3 else ""
    return error_response(HTTPStatus.BAD_REQUEST, "VALIDATION_ERROR", f"invalid request: {summary}{more}", details)


def _check_body(event: APIGatewayProxyEvent) -> None:
    body = event.body or ""
    if len(body.encode()) > MAX_BODY_BYTES:
        raise PayloadTooLarge(f"the request body is larger than {MAX_BODY_BYTES} bytes")
    content_type = (event.headers.get("content-type") or "").strip().lower()
    if body and content_type and not content_type.startswith("application/json"):
        raise UnsupportedMediaType(f"send the body as JSON with Content-Type: application/json, not {content_type}")
    if body and event.is_base64_encoded:
        # API Gateway hands over a body that is not text as base64: JSON is UTF-8, so it is no JSON.
        try:
            base64.b64decode(body, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError) as exc:
            raise Invalid("the request body is not UTF-8 JSON", error_code="MALFORMED_JSON") from exc


def _check_tenancy(event: APIGatewayProxyEvent) -> None:
    """Every non-public route needs verified claims, and reaches only the caller's own account."""
    route = find_by_resource(event.http_method, event.resource)
    if route is None or route.public:
        return
    caller = caller_from_claims(event.request_context.authorizer.claims)
    account_alias = (event.path_parameters or {}).get("accountAlias")
    if account_alias is not None and account_alias != caller.account_alias:
        raise Forbidden(
            f"this token belongs to account {caller.account_alias}, not {account_alias}",
            error_code="ACCOUNT_FORBIDDEN",
        )


def refuse_early(raw_event: dict[str, Any]) -> dict[str, Any] | None:
    """The proxy answer for a request refused before anything parses its body, else None.

    Powertools validates the body before its middlewares run, so size, media type and
    tenancy are checked here, ahead of the resolver.
    """
    event = APIGatewayProxyEvent(raw_event)
    try:
        _check_body(event)
        _check_tenancy(event)
    except PlayrunnerError as exc:
        body = ErrorBody(error_code=exc.error_code, error_msg=exc.message)
        return {
            "statusCode": status_of(exc).value,
            "headers": {"Content-Type": content_types.APPLICATION_JSON},
            "body": body.model_dump_json(exclude_none=True),
            "isBase64Encoded": False,
        }
    return None


def current_caller(router: Any) -> Caller:
    """The caller of the request a resolver or router is handling."""
    return caller_from_claims(router.current_event.request_context.authorizer.claims)


def build_app() -> APIGatewayRestResolver:
    app = APIGatewayRestResolver(enable_validation=True)

    @app.exception_handler(PlayrunnerError)
    def _domain_error(exc: PlayrunnerError) -> Response[Any]:
        details = exc.details if isinstance(exc.details, list) else None
        return error_response(status_of(exc), exc.error_code, exc.message, details)

    @app.exception_handler(RequestValidationError)
    def _invalid(exc: RequestValidationError) -> Response[Any]:
        return _validation_error_response(exc)

    @app.not_found
    def _no_route(_: NotFoundError) -> Response[Any]:
        return error_response(HTTPStatus.NOT_FOUND, "ROUTE_NOT_FOUND", "no such resource")

    @app.exception_handler(Exception)
    def _unexpected(exc: Exception) -> Response[Any]:
        logger.exception("unexpected error")
        return error_response(HTTPStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR", "an unexpected error occurred")

    return app
