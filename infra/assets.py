"""What the stack ships: the shared layer and the functions' code (bundled on this machine,
without Docker), and the runner's image (built by `cdk deploy`, never at synthesis)."""

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import jsii
from aws_cdk import BundlingOptions, DockerImage, ILocalBundling
from aws_cdk import aws_ecr_assets as ecr_assets
from aws_cdk import aws_lambda as lambda_

from playrunner.naming import LAMBDA_PYTHON

ROOT = Path(__file__).resolve().parents[1]
LAMBDA_RUNTIME = lambda_.Runtime(LAMBDA_PYTHON, lambda_.RuntimeFamily.PYTHON)
LAMBDA_ARCHITECTURE = lambda_.Architecture.X86_64


def _name(requirement: str) -> str:
    return re.split(r"[\[<>=!~; ]", requirement, maxsplit=1)[0].lower()


def layer_requirements() -> tuple[str, ...]:
    """What the functions need beyond Powertools (its own layer) and boto3 (in the runtime):
    pyproject's dependencies, less those its [tool.playrunner.lambda-layer] leaves out."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    layer = project["tool"]["playrunner"]["lambda-layer"]
    left_out = {_name(name) for name in layer["leaves-out"]}
    kept = [requirement for requirement in project["project"]["dependencies"] if _name(requirement) not in left_out]
    return (*kept, *layer["adds"])


# Never shipped: the local stack, the runner, caches.
LAYER_EXCLUDES = ("local", "runner", "__pycache__")
IMAGE_EXCLUDES = [".venv", ".git", "cdk.out", ".playrunner", "node_modules", "tests", "docs", "bench", "**/__pycache__"]
RUNNER_DOCKERFILE = "layers/playrunner/runner/Dockerfile"


def _copy_tree(source: Path, target: Path, excludes: tuple[str, ...] = ("__pycache__",)) -> None:
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(*excludes), dirs_exist_ok=True)


def _runs_as_lambda_python(candidate: str) -> bool:
    version = LAMBDA_PYTHON.removeprefix("python")
    check = f"import sys; sys.exit(sys.version.startswith('{version}.') is False)"
    try:
        return subprocess.run([candidate, "-c", check], capture_output=True, timeout=30).returncode == 0
    except OSError:
        return False


def lambda_interpreter() -> str | None:
    """A Python of the Lambda's version on this machine: PLAYRUNNER_LAMBDA_PYTHON, else the one on
    the PATH, else one pyenv installed (whose shim on the PATH answers only when it is selected)."""
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    version = LAMBDA_PYTHON.removeprefix("python")
    candidates = [
        os.environ.get("PLAYRUNNER_LAMBDA_PYTHON"),
        shutil.which(LAMBDA_PYTHON),
        *sorted(str(path) for path in pyenv.glob(f"versions/{version}.*/bin/{LAMBDA_PYTHON}")),
    ]
    return next((c for c in candidates if c and _runs_as_lambda_python(c)), None)


def compile_bytecode(directory: Path) -> bool:
    """Compile DIRECTORY's modules for the Lambda's Python, when this machine has that Python.

    Lambda's file system is read-only: a module shipped without its bytecode is compiled again
    at every cold start. The bytecode is checked by hash, never by date (an asset's dates are
    not kept), and never against a source that could change (the asset is immutable)."""
    interpreter = lambda_interpreter()
    if interpreter is None:
        print(f"warning: no {LAMBDA_PYTHON} here: the Lambda assets ship without bytecode", file=sys.stderr)
        return False
    subprocess.run(
        [interpreter, "-m", "compileall", "-q", "-j", "0", "--invalidation-mode", "unchecked-hash", str(directory)],
        check=True,
        capture_output=True,
    )
    return True


@jsii.implements(ILocalBundling)
class _LayerBundling:
    """python/playrunner from layers/ and the dependencies for the Lambda platform from PyPI."""

    def try_bundle(self, output_dir: str, *, image: DockerImage, **_: object) -> bool:
        python = Path(output_dir) / "python"
        _copy_tree(ROOT / "layers" / "playrunner", python / "playrunner", ("__pycache__", *LAYER_EXCLUDES))
        subprocess.run(
            [
                sys.executable, "-m", "pip", "install", "--quiet", "--target", str(python),
                "--platform", "manylinux2014_x86_64", "--implementation", "cp",
                "--python-version", LAMBDA_RUNTIME.name.removeprefix("python"),
                "--only-binary=:all:", "--no-compile", *layer_requirements(),
            ],
            check=True,
        )  # fmt: skip
        compile_bytecode(python)
        return True


@jsii.implements(ILocalBundling)
class _FunctionsBundling:
    """The functions package, importable as functions.<name>.handler."""

    def try_bundle(self, output_dir: str, *, image: DockerImage, **_: object) -> bool:
        _copy_tree(ROOT / "functions", Path(output_dir) / "functions")
        compile_bytecode(Path(output_dir) / "functions")
        return True


def _local_only(bundling: object) -> BundlingOptions:
    # The image is never pulled: local bundling always succeeds, so Docker is never asked.
    return BundlingOptions(image=DockerImage.from_registry("local-bundling-only"), local=bundling)  # type: ignore[arg-type]


def shared_layer_code() -> lambda_.Code:
    return lambda_.Code.from_asset(str(ROOT / "layers"), bundling=_local_only(_LayerBundling()))


def functions_code() -> lambda_.Code:
    return lambda_.Code.from_asset(str(ROOT / "functions"), bundling=_local_only(_FunctionsBundling()))


def handler_of(function: str) -> str:
    return f"functions.{function}.handler.lambda_handler"


def runner_image_asset_props() -> dict[str, object]:
    """Docker image asset of the runner: synthesis only stages the build context."""
    return {
        "directory": str(ROOT),
        "file": RUNNER_DOCKERFILE,
        "exclude": IMAGE_EXCLUDES,
        "platform": ecr_assets.Platform.LINUX_AMD64,
    }
