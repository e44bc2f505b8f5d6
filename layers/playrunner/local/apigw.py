"""API Gateway's side of a Lambda proxy integration: build the REST (v1) proxy event for a
request, and read the proxy response back."""

import base64
import uuid
from collections.abc import Mapping
from typing import Any

from playrunner.api.routes import Route


def proxy_event(
    *,
    route: Route,
    path: str,
    path_parameters: Mapping[str, str],
    headers: Mapping[str, str],
    query: Mapping[str, list[str]],
    body: bytes,
    claims: Mapping[str, Any] | None,
    source_ip: str = "127.0.0.1",
) -> dict[str, Any]:
    try:
        text: str | None = body.decode("utf-8") if body else None
        is_base64 = False
    except UnicodeDecodeError:
        text, is_base64 = base64.b64encode(body).decode(), True
    request_context: dict[str, Any] = {
        "resourcePath": route.path,
        "httpMethod": route.method,
        "path": path,
        "stage": "local",
        "requestId": str(uuid.uuid4()),
        "identity": {"sourceIp": source_ip},
    }
    if claims is not None:
        request_context["authorizer"] = {"claims": dict(claims)}
    return {
        "resource": route.path,
        "path": path,
        "httpMethod": route.method,
        "headers": dict(headers),
        "multiValueHeaders": {k: [v] for k, v in headers.items()},
        "queryStringParameters": {k: v[-1] for k, v in query.items()} or None,
        "multiValueQueryStringParameters": dict(query) or None,
        "pathParameters": dict(path_parameters) or None,
        "stageVariables": None,
        "requestContext": request_context,
        "body": text,
        "isBase64Encoded": is_base64,
    }


def proxy_response(result: Mapping[str, Any]) -> tuple[int, dict[str, str], bytes]:
    headers = {k: str(v) for k, v in (result.get("headers") or {}).items()}
    for name, values in (result.get("multiValueHeaders") or {}).items():
        headers[name] = ", ".join(str(v) for v in values)
    body = result.get("body") or ""
    raw = base64.b64decode(body) if result.get("isBase64Encoded") else str(body).encode()
    return int(result.get("statusCode", 502)), headers, raw
