"""Each function works with the environment it is deployed with, and nothing more: built as
Lambda would start it from exactly its template environment (a missing setting fails here as it
would in AWS, not only at a user's first request)."""

import ast
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.infra.conftest import Synthesized

pytestmark = pytest.mark.infra
ROOT = Path(__file__).parents[2]
# What a CloudFormation reference (an ARN, a name) stands for here: a value of the right shape.
REFERENCE = "arn:aws:states:us-east-1:123456789012:stateMachine:placeholder"


COMPOSITION = "playrunner.composition."


def factories_of(module: str) -> list[str]:
    """The composition factories the handler module imports, as module.factory."""
    tree = ast.parse((ROOT / (module.replace(".", "/") + ".py")).read_text())
    return [
        f"{node.module.removeprefix(COMPOSITION)}.{alias.name}"
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(COMPOSITION)
        for alias in node.names
    ]


def _value(value: Any) -> str:
    return value if isinstance(value, str) else REFERENCE


def test_every_function_composes_from_exactly_its_template_environment(synthesized: Synthesized) -> None:
    cases = []
    for resource in synthesized.resources("AWS::Lambda::Function").values():
        properties = resource["Properties"]
        handler = properties.get("Handler", "")
        if not handler.startswith("functions."):
            continue
        module = handler.rsplit(".", 1)[0]
        environment = {k: _value(v) for k, v in properties["Environment"]["Variables"].items()}
        function = module.split(".")[1]
        cases.append(
            {"module": module, "function": function, "environment": environment, "factories": factories_of(module)}
        )
    assert len(cases) >= 40

    done = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("compose_functions.py"))],
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
        cwd=ROOT,
    )
    failures = json.loads(done.stdout.strip().splitlines()[-1])
    assert failures == {}, "\n".join(f"{module}:\n{error}" for module, error in failures.items())
