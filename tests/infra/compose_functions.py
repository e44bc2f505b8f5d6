"""Compose each function as Lambda would start it: its handler imported, and the services it
uses built, with exactly the environment the template gives that function (and what the Lambda
runtime adds). Run in a subprocess by test_function_environments.py; reads the cases as JSON on
stdin and prints the failures as JSON."""

import importlib
import json
import os
import sys
import traceback
from functools import _lru_cache_wrapper

# Services that a service builds later, on first use (a start from ?immediate=true, a delete,
# a kill): composing the first must be able to compose these too.
BUILT_LATER = {
    "job_service": ("execution_service", "schedule_service"),
    "workflow_runs": ("execution_control",),
}
LAMBDA_RUNTIME = {"AWS_REGION": "us-east-1", "AWS_DEFAULT_REGION": "us-east-1", "AWS_LAMBDA_FUNCTION_NAME": "f"}


def _clear_caches() -> None:
    for name in ("playrunner.services.wiring", "playrunner.settings"):
        module = sys.modules.get(name)
        for value in vars(module).values() if module else ():
            if isinstance(value, _lru_cache_wrapper):
                value.cache_clear()


def compose(case: dict) -> str | None:
    os.environ.clear()
    os.environ.update({**case["environment"], **LAMBDA_RUNTIME})
    _clear_caches()
    try:
        importlib.import_module(case["module"])
        wiring = importlib.import_module("playrunner.services.wiring")
        for factory in case["factories"]:
            for name in (factory, *BUILT_LATER.get(factory, ())):
                getattr(wiring, name)()
    except Exception:
        return traceback.format_exc(limit=3)
    return None


def main() -> None:
    cases = json.load(sys.stdin)
    failures = {case["module"]: error for case in cases if (error := compose(case))}
    print(json.dumps(failures))


if __name__ == "__main__":
    main()
