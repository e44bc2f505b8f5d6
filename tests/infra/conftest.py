"""The stack, synthesized once per test session, offline: no AWS account, no Docker engine,
and no asset bundling (the assets' sources stand in for what `make synth` bundles)."""

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")

from aws_cdk.assertions import Template

from infra.app import STACK_NAME, build_app
from infra.stack import PlayrunnerStack


@dataclass
class Synthesized:
    outdir: Path
    stack: PlayrunnerStack
    template: Template
    document: dict[str, Any]

    def resources(self, resource_type: str) -> dict[str, dict[str, Any]]:
        return {
            logical_id: resource
            for logical_id, resource in self.document["Resources"].items()
            if resource["Type"] == resource_type
        }


@pytest.fixture(scope="session")
def synthesized(tmp_path_factory: pytest.TempPathFactory) -> Synthesized:
    outdir = tmp_path_factory.mktemp("cdk.out")
    app, stack = build_app(outdir=str(outdir), context={"aws:cdk:bundling-stacks": []})
    app.synth()
    document = json.loads((outdir / f"{STACK_NAME}.template.json").read_text())
    return Synthesized(outdir=outdir, stack=stack, template=Template.from_json(document), document=document)
