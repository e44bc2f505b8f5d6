"""The local stack's console route: the console's own files with their headers, nothing else."""

import json

from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from playrunner.local.console import is_console, serve_console


def get(path: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    request = Request(EnvironBuilder(path=path, method=method).get_environ())
    response = serve_console(request)
    return response.status_code, dict(response.headers), response.get_data()


def test_the_console_is_served_with_its_csp_and_security_headers() -> None:
    status, headers, body = get("/console/")
    assert status == 200
    assert b'<script type="module" src="app.js"></script>' in body
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "connect-src 'self'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert get("/console/app.js")[1]["Content-Type"].startswith("text/javascript")


def test_the_local_config_points_the_console_at_its_own_origin() -> None:
    status, _, body = get("/console/config.json")
    assert status == 200
    assert json.loads(body) == {"apiUrl": ""}


def test_nothing_outside_the_console_files_is_served() -> None:
    for path in ("/console/../__init__.py", "/console/%2e%2e/__init__.py", "/console/.hidden", "/console/x.py"):
        assert get(path)[0] == 404, path
    assert get("/console/index.html", method="POST")[0] == 405
    assert get("/console")[0] == 301
    assert is_console("/console/pages/job.js")
    assert not is_console("/consoles")
    assert not is_console("/jobs/x")
