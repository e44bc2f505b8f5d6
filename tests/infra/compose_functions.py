"""Compose each function as Lambda would start it: its handler imported, and the services it
uses built, with exactly the environment the template gives that function (and what the Lambda
runtime adds), and only the code the layer ships. Run in a subprocess by
test_function_environments.py; reads the cases as JSON on stdin and prints the failures as JSON."""

import importlib
import importlib.abc
import json
import os
import sys
import traceback
from typing import Any

# Not in Lambda: the layer leaves out playrunner's local stack and runner (infra/assets.py:
# LAYER_EXCLUDES) and the dependencies pyproject's [tool.playrunner.lambda-layer] leaves out.
NOT_IN_LAMBDA = ("playrunner.local", "playrunner.runner", "moto", "ansible", "ansible_runner", "requests")


class NotInTheLayer(importlib.abc.MetaPathFinder):
    def find_spec(self, name: str, path: Any, target: Any = None) -> None:
        if any(name == refused or name.startswith(f"{refused}.") for refused in NOT_IN_LAMBDA):
            raise ModuleNotFoundError(f"No module named {name!r} in Lambda (not in the layer)")


# Services a function builds later, on first use: composing it must be able to build these too.
KILLS = ("start_workflow_run", "resume_workflow_run", "cancel_workflow_run", "step_workflow_finish")
BUILT_LATER = {
    "create_job": ("executions.execution_service",),
    "update_job": ("executions.execution_service",),
    "delete_job": ("schedules.schedule_service",),
    **dict.fromkeys(KILLS, ("steps.execution_control",)),
}
LAMBDA_RUNTIME = {"AWS_REGION": "us-east-1", "AWS_DEFAULT_REGION": "us-east-1", "AWS_LAMBDA_FUNCTION_NAME": "f"}


def _factory(path: str) -> object:
    module, name = path.rsplit(".", 1)
    return getattr(importlib.import_module(f"playrunner.composition.{module}"), name)


def compose(case: dict) -> str | None:
    os.environ.clear()
    os.environ.update({**case["environment"], **LAMBDA_RUNTIME})
    from playrunner.composition.instance import forget_all

    forget_all()
    try:
        importlib.import_module(case["module"])
        for factory in (*case["factories"], *BUILT_LATER.get(case["function"], ())):
            _factory(factory)()  # type: ignore[operator]
    except Exception:
        return traceback.format_exc(limit=3)
    return None


def main() -> None:
    sys.meta_path.insert(0, NotInTheLayer())
    cases = json.load(sys.stdin)
    failures = {case["module"]: error for case in cases if (error := compose(case))}
    print(json.dumps(failures))


if __name__ == "__main__":
    main()
