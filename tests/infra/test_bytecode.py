"""The Lambda assets ship their bytecode, compiled for the Lambda's Python: its file system is
read-only, so a module without it is compiled again at every cold start."""

import importlib.util
import shutil
import subprocess
from pathlib import Path

import pytest

from infra.assets import ROOT, compile_bytecode, lambda_interpreter
from playrunner.naming import LAMBDA_PYTHON

LAMBDA_INTERPRETER = lambda_interpreter()
needs_lambda_python = pytest.mark.skipif(LAMBDA_INTERPRETER is None, reason=f"no {LAMBDA_PYTHON} here")


def _lambda_cache_tag() -> str:
    done = subprocess.run(
        [str(LAMBDA_INTERPRETER), "-c", "import sys; print(sys.implementation.cache_tag)"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return done.stdout.strip()


@needs_lambda_python
def test_every_module_of_the_functions_gets_bytecode_for_the_lambda_python(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "functions", tmp_path / "functions", ignore=shutil.ignore_patterns("__pycache__"))
    assert compile_bytecode(tmp_path / "functions")
    tag = _lambda_cache_tag()
    sources = sorted((tmp_path / "functions").rglob("*.py"))
    assert len(sources) > 40
    for source in sources:
        compiled = source.parent / "__pycache__" / f"{source.stem}.{tag}.pyc"
        assert compiled.is_file(), source
        # Checked by hash, not by the source's date: an asset's dates are not kept.
        flags = int.from_bytes(compiled.read_bytes()[4:8], "little")
        assert flags == 0b01, f"{compiled}: not an unchecked-hash pyc"


def test_without_the_lambda_python_the_assets_are_made_all_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("infra.assets.lambda_interpreter", lambda: None)
    (tmp_path / "module.py").write_text("VALUE = 1\n")
    assert not compile_bytecode(tmp_path)
    assert not (tmp_path / "__pycache__").exists()
    assert importlib.util.spec_from_file_location("module", tmp_path / "module.py") is not None
