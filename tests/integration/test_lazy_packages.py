"""Powertools' all-importing packages, made lazy for every handler (playrunner/lazy_packages.py):
a handler loads none of the resolvers it does not use, and every name still resolves. An API
handler loads no Powertools resolver at all (api/resolver.py is playrunner's own)."""

import json
import subprocess
import sys

from playrunner.lazy_packages import EAGER_PACKAGES

LOADED = """
import json, sys
import functions.get_job.handler
print(json.dumps(sorted(sys.modules)))
"""

EVERY_HANDLER = """
import importlib, json, sys
from playrunner.catalogue import Kind, of_kind
for entry in of_kind(Kind.API):
    importlib.import_module(entry.handler_module)
print(json.dumps(sorted(sys.modules)))
"""

NAMES = """
import importlib, json, sys
import functions
lazy = {{p: {{n: getattr(sys.modules[p], n) for n in sys.modules[p].__all__}} for p in {packages!r}}}
# The same names, from the packages' own __init__ run in full.
for package in {packages!r}:
    del sys.modules[package]
    eager = importlib.import_module(package)
    assert sorted(lazy[package]) == sorted(eager.__all__), package
    for name, value in lazy[package].items():
        assert getattr(eager, name) is value, name
print("same")
"""


ANSWERS = """
import json, sys
import functions.create_job.handler as create_job
import functions.get_job.handler as get_job


class Context:
    function_name = "playrunner"
    memory_limit_in_mb = 128
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:playrunner"
    aws_request_id = "request-1"


def request(handler, method, resource, path, parameters, body=None):
    event = {
        "resource": resource, "path": path, "httpMethod": method,
        "headers": {"Content-Type": "application/json"}, "pathParameters": parameters, "body": body,
        "requestContext": {"authorizer": {"claims": {"cognito:username": "admin", "custom:account_alias": "DEMO"}}},
    }
    answer = handler.lambda_handler(event, Context())
    return answer["statusCode"], json.loads(answer["body"])["error_code"]


print(json.dumps({
    "other_account": request(get_job, "GET", "/jobs/{accountAlias}/{jobId}", "/jobs/OTHER/j-1",
                             {"accountAlias": "OTHER", "jobId": "j-1"}),
    "bad_body": request(create_job, "POST", "/jobs/{accountAlias}", "/jobs/DEMO", {"accountAlias": "DEMO"},
                        json.dumps({"hosts": "not a list"})),
    "appsync_loaded": "aws_lambda_powertools.event_handler.appsync" in sys.modules,
}))
"""


def _python(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout


def test_a_handler_loads_no_resolver_it_does_not_use() -> None:
    loaded = set(json.loads(_python(LOADED)))
    assert "functions.get_job.handler" in loaded
    assert not [module for module in loaded if module.startswith("aws_lambda_powertools.event_handler.")]
    for unused in (
        "aws_lambda_powertools.event_handler.appsync",
        "aws_lambda_powertools.event_handler.bedrock_agent",
        "aws_lambda_powertools.event_handler.vpc_lattice",
        "aws_lambda_powertools.utilities.data_classes.kinesis_firehose_event",
        "asyncio",
    ):
        assert unused not in loaded, unused


def test_no_api_handler_builds_a_model_or_loads_a_resolver_at_import() -> None:
    """A model's validator is built at its first use (models/base.py), and building any one
    loads pydantic's plugin loader (with importlib.metadata): loaded here, some module built a
    model at import, as a parametrized generic (Page[Job] in an annotation) does. (A stream's
    function uses Powertools' parser, whose models are built as they are imported.)"""
    loaded = set(json.loads(_python(EVERY_HANDLER)))
    assert "pydantic.plugin._loader" not in loaded
    assert not [module for module in loaded if module.startswith("aws_lambda_powertools.event_handler.")]


def test_every_name_of_the_lazy_packages_is_the_one_their_own_init_gives() -> None:
    assert _python(NAMES.format(packages=EAGER_PACKAGES)).strip() == "same"


def test_handlers_answer_through_the_lazy_packages() -> None:
    """A request resolved, validated and refused as deployed: through the lazy packages, with
    every model built at its first use (no AWS call is needed for either)."""
    answers = json.loads(_python(ANSWERS))
    assert answers["other_account"] == [403, "ACCOUNT_FORBIDDEN"]
    assert answers["bad_body"] == [400, "VALIDATION_ERROR"]
    assert answers["appsync_loaded"] is False
