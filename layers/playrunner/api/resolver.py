"""The one resolver every endpoint function uses: the request bound to its endpoint's
parameters (api/binding.py), the answer serialized as the endpoint declares it, every domain
exception mapped to its HTTP status here and nowhere else, in the error envelope.

Each function serves the one or two routes of its own router, so this is all the resolving it
needs: Powertools' resolver (and some 30 ms its import costs at every cold start) is used
only to write the OpenAPI document, offline.
"""

import base64
import binascii
from http import HTTPStatus
from typing import Any

from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEvent

from playrunner.api.binding import RequestInvalid, binding_of, serialize
from playrunner.api.params import Response
from playrunner.api.router import Operation, Router
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
) -> Response[str]:
    body = ErrorBody(error_code=error_code, error_msg=error_msg, details=details)
    return Response(status_code=status.value, body=body.model_dump_json(exclude_none=True))


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


def _validation_error_response(errors: list[dict[str, Any]]) -> Response[str]:
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

    Size, media type and tenancy are checked ahead of binding the request, so that no body
    a caller may not send is ever parsed.
    """
    event = APIGatewayProxyEvent(raw_event)
    try:
        _check_body(event)
        _check_tenancy(event)
    except PlayrunnerError as exc:
        return proxy_answer(error_response(status_of(exc), exc.error_code, exc.message))
    return None


def current_caller(router: Any) -> Caller:
    """The caller of the request a resolver or router is handling."""
    return caller_from_claims(router.current_event.request_context.authorizer.claims)


def _answer(operation: Operation, result: Any) -> Response[Any]:
    response = result if isinstance(result, Response) else Response(operation.status_code, result)
    if response.status_code == HTTPStatus.NO_CONTENT:
        return Response(response.status_code, "", response.content_type, response.headers)
    if not isinstance(response.body, str):
        answer_type = binding_of(operation.endpoint).answer_type
        response = Response(
            response.status_code, serialize(answer_type, response.body), response.content_type, response.headers
        )
    return response


def _handle(operation: Operation, event: APIGatewayProxyEvent) -> Response[Any]:
    try:
        arguments = binding_of(operation.endpoint).arguments(
            event.path_parameters or {}, event.query_string_parameters or {}, event.decoded_body
        )
        return _answer(operation, operation.endpoint(**arguments))
    except RequestInvalid as exc:
        return _validation_error_response(exc.errors)
    except PlayrunnerError as exc:
        details = exc.details if isinstance(exc.details, list) else None
        return error_response(status_of(exc), exc.error_code, exc.message, details)
    except Exception:
        logger.exception("unexpected error")
        return error_response(HTTPStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR", "an unexpected error occurred")


def resolve(router: Router, raw_event: dict[str, Any], context: Any) -> dict[str, Any]:
    """The proxy answer to RAW_EVENT, a request for one of ROUTER's routes."""
    event = APIGatewayProxyEvent(raw_event)
    operation = router.operation_for(event.http_method, event.resource)
    if operation is None:
        response = error_response(HTTPStatus.NOT_FOUND, "ROUTE_NOT_FOUND", "no such resource")
    else:
        router.handling(event, context)
        try:
            response = _handle(operation, event)
        finally:
            router.handling(None)
    return proxy_answer(response)


def proxy_answer(response: Response[Any]) -> dict[str, Any]:
    return {
        "statusCode": response.status_code,
        "headers": {"Content-Type": response.content_type, **response.headers},
        "body": response.body,
        "isBase64Encoded": False,
    }
