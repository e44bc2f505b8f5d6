"""Cold import of every function's handler: each imported in a fresh interpreter, 5 times, as a
Lambda cold start imports it. Prints the median per function, the worst, and how many modules
of playrunner's (and in all) each import loads; the runner's own start is measured the same
way; writes them into docs/benchmarks.md.

Target (issue: the house): every handler at most 250 ms on this machine.
"""

import json
import os
import statistics
import subprocess
import sys

from report import ROOT, publish

from playrunner.catalogue import FUNCTIONS, RUNTIME_ENVIRONMENT

ROUNDS = 5
TARGET_MS = 250.0
PROBE = """
import json, sys, time
started = time.perf_counter()
import {module}
elapsed = time.perf_counter() - started
own = [m for m in sys.modules if m.startswith(("playrunner", "functions"))]
print(json.dumps({{"ms": elapsed * 1000, "own": len(own), "all": len(sys.modules)}}))
"""


RUNNER_MODULE = "playrunner.runner.main"


def measure(module: str) -> tuple[float, int, int]:
    """(median milliseconds, project modules loaded, all modules loaded)."""
    samples = []
    for _ in range(ROUNDS):
        done = subprocess.run(
            [sys.executable, "-c", PROBE.format(module=module)],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
            env={**os.environ, **RUNTIME_ENVIRONMENT},  # as both homes start each function
        )
        samples.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return statistics.median(s["ms"] for s in samples), samples[0]["own"], samples[0]["all"]


def main() -> None:
    results = {name: measure(entry.handler_module) for name, entry in FUNCTIONS.items()}
    runner = measure(RUNNER_MODULE)
    worst = max(results, key=lambda name: results[name][0])
    over = [name for name, (ms, _, _) in results.items() if ms > TARGET_MS]
    lines = [
        "## Cold import: each function's handler",
        "",
        f"Each handler imported in a fresh interpreter, {ROUNDS} times, on this machine (2 cores); the median "
        "per function. This is the part of a Lambda cold start that is playrunner's own: the runtime's start and "
        "the first request come on top.",
        "",
        "| function | median ms | playrunner modules | all modules |",
        "| --- | --- | --- | --- |",
        *[f"| {name} | {ms:.0f} | {own} | {loaded} |" for name, (ms, own, loaded) in sorted(results.items())],
        "",
        f"Worst: {worst}, {results[worst][0]:.0f} ms. Target: every handler at most {TARGET_MS:.0f} ms; "
        f"{len(over)} of {len(results)} are over it.",
        "",
        f"The runner (`{RUNNER_MODULE}`, imported before it starts Ansible's worker): {runner[0]:.0f} ms, "
        f"{runner[1]} playrunner modules, {runner[2]} in all.",
        "",
        "How to read it: about 200 ms of each handler is Powertools' validating resolver with pydantic, "
        "which every API handler loads whatever it does (importing any of Powertools' resolvers imports its "
        "`event_handler` package, which loads every resolver it has: AppSync, Bedrock, VPC Lattice and asyncio "
        "with them), so the 250 ms target leaves about 50 ms for the function's own code; the rest is the "
        "function's own models and services (each function is composed from its own factory, "
        "playrunner/composition/). boto3 is imported at a "
        "function's first AWS call, and the X-Ray SDK not at all (Lambda's active tracing still traces each "
        "function), so neither is in these figures: a first request pays boto3's import (about 150 ms here) "
        "on top. Both homes start each function with `PYDANTIC_DISABLE_PLUGINS`: pydantic otherwise reads every "
        "installed distribution's entry points at its first model (15 to 40 ms here).",
    ]
    publish("## Cold import", lines)


if __name__ == "__main__":
    main()
