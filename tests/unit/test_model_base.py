"""Every playrunner model builds its validator at its first use (models/base.py: Model), so that
a function's import pays only for the models it uses."""

import ast
from pathlib import Path

from playrunner.models.base import CamelModel, CamelResponse, Model
from playrunner.models.job import Job
from playrunner.settings import Settings

PACKAGE = Path(__file__).resolve().parents[2] / "layers" / "playrunner"


def test_no_model_derives_from_pydantic_directly_but_the_base() -> None:
    direct = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.ClassDef) and any(
                isinstance(base, ast.Name) and base.id == "BaseModel" for base in node.bases
            ):
                direct.append(f"{path.relative_to(PACKAGE)}:{node.name}")
    assert direct == ["models/base.py:Model"]


def test_every_base_defers_its_build_and_keeps_its_own_settings() -> None:
    for base in (Model, CamelModel, CamelResponse, Settings, Job):
        assert base.model_config.get("defer_build") is True, base
    assert CamelModel.model_config["extra"] == "forbid"
    assert Settings.model_config["frozen"] is True


def test_a_deferred_model_validates_at_its_first_use() -> None:
    class Probe(Model):
        value: int

    assert not Probe.__pydantic_complete__  # defined, not built
    assert Probe.model_validate({"value": "3"}).value == 3
    assert Probe.__pydantic_complete__
