"""The web console on the local stack: the same static files CloudFront serves in AWS, with the
same security headers, at /console/ beside the API (so the console calls the API on its own
origin, and needs no CORS here)."""

import json
from pathlib import PurePosixPath

from werkzeug.wrappers import Request, Response

from playrunner.webconsole import (
    CONFIG_FILE,
    CONSOLE_PATH,
    CONTENT_TYPES,
    SECURITY_HEADERS,
    STATIC_DIR,
    content_security_policy,
)

# The API is the console's own origin here.
LOCAL_CONFIG = json.dumps({"apiUrl": ""})


def is_console(path: str) -> bool:
    return path == CONSOLE_PATH.rstrip("/") or path.startswith(CONSOLE_PATH)


def _headers() -> dict[str, str]:
    return {
        **SECURITY_HEADERS,
        "Content-Security-Policy": content_security_policy(""),
        "Cache-Control": "no-cache",
    }


def serve_console(request: Request) -> Response:
    if request.method not in ("GET", "HEAD"):
        return Response("method not allowed", status=405, headers=_headers())
    if request.path == CONSOLE_PATH.rstrip("/"):
        return Response(status=301, headers={"Location": CONSOLE_PATH})
    relative = request.path.removeprefix(CONSOLE_PATH) or "index.html"
    if relative == CONFIG_FILE:
        return Response(LOCAL_CONFIG, content_type=CONTENT_TYPES[".json"], headers=_headers())
    parts = PurePosixPath(relative).parts
    # Only the console's own files: no "..", no hidden files, nothing outside STATIC_DIR.
    if any(part in ("..", ".") or part.startswith(".") for part in parts):
        return Response("not found", status=404, headers=_headers())
    path = STATIC_DIR.joinpath(*parts)
    content_type = CONTENT_TYPES.get(path.suffix)
    if content_type is None or not path.is_file() or STATIC_DIR.resolve() not in path.resolve().parents:
        return Response("not found", status=404, headers=_headers())
    return Response(path.read_bytes(), content_type=content_type, headers=_headers())
