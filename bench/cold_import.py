"""Cold import of every function's handler: each imported in a fresh interpreter, 5 times, as a
Lambda cold start imports it. Prints the median per function, the worst, and how many modules
of playrunner's (and in all) each import loads; the runner's own start is measured the same
way; writes them into docs/benchmarks.md.

Target (issue: the house): every handler at most 250 ms on this machine.

The modules are imported from their bytecode, as the Lambda assets ship it (infra/assets.py):
playrunner's own is compiled first. Each figure is printed beside a reference (a fixed Python
loop timed the same way), because this machine's speed varies with its neighbours.
"""

import json
import os
import statistics
import subprocess
import sys

from report import ROOT, publish

from playrunner.catalogue import FUNCTIONS, RUNTIME_ENVIRONMENT, Kind

ROUNDS = 7
TARGET_MS = 250.0
REFERENCE_LOOP = "for _ in range(10_000_000): pass"
# What get_job's first request builds, which its import no longer does (models/base.py: Model).
FIRST_REQUEST_MODELS = (
    "playrunner.store.jobs:JobRecord",
    "playrunner.models.job:Job",
    "playrunner.models.auth:Caller",
    "playrunner.models.errors:ErrorBody",
)
FIRST_REQUEST_PROBE = """
import importlib, time
import functions.get_job.handler
models = [getattr(importlib.import_module(m), n) for m, n in (p.split(":") for p in {models!r})]
started = time.perf_counter()
for model in models:
    model.model_rebuild(force=True)
print((time.perf_counter() - started) * 1000)
"""
PROBE = """
import json, sys, time
started = time.perf_counter()
import {module}
elapsed = time.perf_counter() - started
own = [m for m in sys.modules if m.startswith(("playrunner", "functions"))]
print(json.dumps({{"ms": elapsed * 1000, "own": len(own), "all": len(sys.modules)}}))
"""


RUNNER_MODULE = "playrunner.runner.main"


def _python(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True, text=True, check=True, cwd=ROOT,
        env={**os.environ, **RUNTIME_ENVIRONMENT},  # as both homes start each function
    )  # fmt: skip
    return done.stdout.strip().splitlines()[-1]


def measure(modules: list[str]) -> dict[str, tuple[float, int, int]]:
    """Each module's (median milliseconds, project modules loaded, all modules loaded). The
    rounds go over every module in turn, so that a slow spell of the machine falls on all of
    them alike rather than on the few measured during it."""
    samples: dict[str, list[dict[str, float]]] = {module: [] for module in modules}
    for _ in range(ROUNDS):
        for module in modules:
            samples[module].append(json.loads(_python(PROBE.format(module=module))))
    return {
        module: (statistics.median(s["ms"] for s in taken), int(taken[0]["own"]), int(taken[0]["all"]))
        for module, taken in samples.items()
    }


def reference_seconds() -> float:
    """The fixed loop's median: how fast this machine was while the figures were taken."""
    timed = f"import time\nstarted = time.perf_counter()\n{REFERENCE_LOOP}\nprint(time.perf_counter() - started)"
    return statistics.median(float(_python(timed)) for _ in range(ROUNDS))


def main() -> None:
    # As the Lambda assets ship them: with their bytecode (this machine may not write it itself).
    subprocess.run([sys.executable, "-m", "compileall", "-q", "layers", "functions"], cwd=ROOT, check=True)
    reference_before = reference_seconds()
    measured = measure([*(entry.handler_module for entry in FUNCTIONS.values()), RUNNER_MODULE])
    results = {name: measured[entry.handler_module] for name, entry in FUNCTIONS.items()}
    runner = measured[RUNNER_MODULE]
    reference = statistics.mean((reference_before, reference_seconds()))
    first_request = statistics.median(
        float(_python(FIRST_REQUEST_PROBE.format(models=FIRST_REQUEST_MODELS))) for _ in range(ROUNDS)
    )
    worst = max(results, key=lambda name: results[name][0])
    api = [name for name, entry in FUNCTIONS.items() if entry.kind is Kind.API]
    worst_api = max(api, key=lambda name: results[name][0])
    over = [name for name, (ms, _, _) in results.items() if ms > TARGET_MS]
    lines = [
        "## Cold import: each function's handler",
        "",
        f"Each handler imported in a fresh interpreter, {ROUNDS} times (each round takes every handler in turn), "
        "on this machine (2 cores); the median "
        "per function. This is the part of a Lambda cold start that is playrunner's own: the runtime's start and "
        "the first request come on top.",
        "",
        "| function | median ms | playrunner modules | all modules |",
        "| --- | --- | --- | --- |",
        *[f"| {name} | {ms:.0f} | {own} | {loaded} |" for name, (ms, own, loaded) in sorted(results.items())],
        "",
        f"Worst: {worst}, {results[worst][0]:.0f} ms. Target: every handler at most {TARGET_MS:.0f} ms; "
        f"{len(over)} of {len(results)} are over it. The slowest API handler: {worst_api}, "
        f"{results[worst_api][0]:.0f} ms.",
        "",
        f"The runner (`{RUNNER_MODULE}`, imported before it starts Ansible's worker): {runner[0]:.0f} ms, "
        f"{runner[1]} playrunner modules, {runner[2]} in all.",
        "",
        f"The machine's speed meanwhile: `{REFERENCE_LOOP}` took {reference:.2f} s (it has taken from 0.23 to "
        "0.42 s on this machine from one day to another; the figures above scale with it).",
        "",
        f"What the import leaves to the first request: get_job's first request builds the validators of the "
        f"{len(FIRST_REQUEST_MODELS)} models it uses, {first_request:.0f} ms.",
        "",
        "How to read it: each module is imported from its bytecode, as the Lambda assets ship it (compiled for "
        "the Lambda's Python when the assets are bundled; Lambda's file system is read-only, so a module without "
        "bytecode would be compiled at every cold start). Most of each API handler is pydantic and Powertools' "
        "Logger, which every handler loads whatever it does. The resolver is playrunner's own "
        "(playrunner/api/resolver.py: each function serves its one route, its request bound to the endpoint's "
        "signature by pydantic); Powertools' validating resolver, some 30 ms more, is loaded only to write the "
        "OpenAPI document. "
        "Powertools' `event_handler` and `data_classes` packages import every resolver and event class they hold "
        "(AppSync, Bedrock, VPC Lattice, asyncio with them) when any one is imported: functions/__init__.py makes "
        "them import only the module a name comes from (playrunner/lazy_packages.py). Every playrunner model "
        "builds its validator at its first use, not at import (`Model`, playrunner/models/base.py): a function "
        "imports modules of many models and uses a few, and the line above is what the first request pays for "
        "them instead. The rest is the function's own models and services (each function is composed from its "
        "own factory, playrunner/composition/). boto3 is imported at a function's first AWS call, and the X-Ray "
        "SDK not at all (Lambda's active tracing still traces each function), so neither is in these figures: a "
        "first request pays boto3's import (about 150 ms here) on top. Both homes start each function with "
        "`PYDANTIC_DISABLE_PLUGINS`: pydantic otherwise reads every installed distribution's entry points at its "
        "first model (15 to 40 ms here).",
    ]
    publish("## Cold import", lines)


if __name__ == "__main__":
    main()
