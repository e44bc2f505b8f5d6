"""The route table: read by the CDK stack (one Lambda and one API method per route), by the
local gateway (the same mapping, served over HTTP) and by each handler (its own rule).

A route's function is the package under functions/ that serves it, an API function of the
function catalogue (playrunner/catalogue.py).
"""

import re
from dataclasses import dataclass
from functools import cached_property


@dataclass(frozen=True)
class Route:
    name: str
    method: str
    path: str
    function: str
    public: bool = False

    @cached_property
    def resolver_rule(self) -> str:
        """The rule in Powertools' form: /jobs/<accountAlias>."""
        return re.sub(r"\{(\w+)\}", r"<\1>", self.path)

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        return re.compile("^" + re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(self.path)) + "$")

    @property
    def handler_module(self) -> str:
        return f"functions.{self.function}.handler"


def _route(name: str, method: str, path: str, *, function: str | None = None, public: bool = False) -> Route:
    return Route(name=name, method=method, path=path, function=function or name, public=public)


ROUTES: tuple[Route, ...] = (
    _route("login", "POST", "/authentication/login", public=True),
    _route("openapi", "GET", "/openapi.json", public=True),
    _route("create_job", "POST", "/jobs/{accountAlias}"),
    _route("list_jobs", "GET", "/jobs/{accountAlias}"),
    _route("get_job", "GET", "/jobs/{accountAlias}/{jobId}"),
    _route("update_job", "PUT", "/jobs/{accountAlias}/{jobId}"),
    _route("delete_job", "DELETE", "/jobs/{accountAlias}/{jobId}"),
    _route("start_execution", "POST", "/jobs/{accountAlias}/{jobId}/start"),
    _route("start_execution_get", "GET", "/jobs/{accountAlias}/{jobId}/start", function="start_execution"),
    _route("list_executions", "GET", "/jobs/{accountAlias}/{jobId}/executions"),
    _route("get_execution", "GET", "/jobs/{accountAlias}/{jobId}/executions/{executionId}"),
    _route("restart_execution", "POST", "/jobs/{accountAlias}/{jobId}/executions/{executionId}/restart"),
    _route("relaunch_execution", "POST", "/jobs/{accountAlias}/{jobId}/executions/{executionId}/relaunch"),
    _route("stop_execution", "POST", "/jobs/{accountAlias}/{jobId}/executions/{executionId}/stop"),
    _route("kill_execution", "POST", "/jobs/{accountAlias}/{jobId}/executions/{executionId}/kill"),
    _route("get_execution_by_id", "GET", "/executions/{accountAlias}/{executionId}"),
    _route("create_schedule", "POST", "/jobs/{accountAlias}/{jobId}/schedules"),
    _route("list_schedules", "GET", "/jobs/{accountAlias}/{jobId}/schedules"),
    _route("update_schedule", "PUT", "/jobs/{accountAlias}/{jobId}/schedules/{id}"),
    _route("delete_schedule", "DELETE", "/jobs/{accountAlias}/{jobId}/schedules/{id}"),
    _route("list_events", "GET", "/jobs/{accountAlias}/{jobId}/executions/{executionId}/events"),
    _route("list_execution_hosts", "GET", "/jobs/{accountAlias}/{jobId}/executions/{executionId}/hosts"),
    _route("get_stdout", "GET", "/jobs/{accountAlias}/{jobId}/executions/{executionId}/stdout"),
    _route("get_stdout_url", "GET", "/jobs/{accountAlias}/{jobId}/executions/{executionId}/stdout/url"),
    _route("list_deliveries", "GET", "/jobs/{accountAlias}/{jobId}/executions/{executionId}/deliveries"),
    _route("rotate_callback_secret", "POST", "/jobs/{accountAlias}/{jobId}/callbacks/secret"),
    _route("create_workflow", "POST", "/workflows/{accountAlias}"),
    _route("list_workflows", "GET", "/workflows/{accountAlias}"),
    _route("get_workflow", "GET", "/workflows/{accountAlias}/{name}"),
    _route("update_workflow", "PUT", "/workflows/{accountAlias}/{name}"),
    _route("delete_workflow", "DELETE", "/workflows/{accountAlias}/{name}"),
    _route("start_workflow_run", "POST", "/workflows/{accountAlias}/jobs/start"),
    _route("get_workflow_run", "GET", "/workflows/{accountAlias}/runs/{runId}"),
    _route("cancel_workflow_run", "POST", "/workflows/{accountAlias}/runs/{runId}/cancel"),
    _route("resume_workflow_run", "POST", "/workflows/{accountAlias}/runs/{runId}/resume"),
)

ROUTES_BY_NAME: dict[str, Route] = {route.name: route for route in ROUTES}


def route(name: str) -> Route:
    return ROUTES_BY_NAME[name]


def match(method: str, path: str) -> tuple[Route, dict[str, str]] | None:
    """The route serving METHOD PATH and its path parameters, as API Gateway would pick it."""
    for candidate in ROUTES:
        found = candidate.pattern.match(path)
        if found and candidate.method == method:
            return candidate, found.groupdict()
    return None


def allowed_methods(path: str) -> list[str]:
    return [candidate.method for candidate in ROUTES if candidate.pattern.match(path)]


def find_by_resource(method: str, resource: str) -> Route | None:
    return next((r for r in ROUTES if r.method == method and r.path == resource), None)
