"""The route table: one function per route, matched as API Gateway would."""

import importlib

import pytest

from playrunner.api.routes import ROUTES, allowed_methods, match, route


def test_paths_match_with_their_parameters() -> None:
    found = match("GET", "/jobs/DEMO/1234")
    assert found is not None
    assert found[0].name == "get_job"
    assert found[1] == {"accountAlias": "DEMO", "jobId": "1234"}
    assert match("PATCH", "/jobs/DEMO/1234") is None
    assert set(allowed_methods("/jobs/DEMO/1234")) == {"GET", "PUT", "DELETE"}
    assert match("GET", "/jobs/DEMO/1234/extra") is None


def test_resolver_rules_use_powertools_syntax() -> None:
    # The OpenAPI document is written by Powertools' resolver, from these rules.
    assert route("get_job").resolver_rule == "/jobs/<accountAlias>/<jobId>"


@pytest.mark.parametrize("entry", ROUTES, ids=lambda r: r.name)
def test_every_route_has_a_handler_serving_exactly_its_rule(entry: object) -> None:
    module = importlib.import_module(entry.handler_module)  # type: ignore[attr-defined]
    assert callable(module.lambda_handler)
    assert entry in [operation.route for operation in module.router.operations]


def test_only_login_and_the_openapi_document_are_public() -> None:
    assert {r.name for r in ROUTES if r.public} == {"login", "openapi"}
