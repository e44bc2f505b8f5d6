"""One ansible-runner run over the workspace: inventory and extra vars from files, events to
the recorder, cancelled when asked (ansible-runner then kills the playbook's process group)."""

import json
import os
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ansible_runner

from playrunner.runner.inventory import write_extra_vars, write_inventory
from playrunner.runner.log import logger
from playrunner.runner.recorder import EventRecorder
from playrunner.runner.spec import RunSpec
from playrunner.runner.workspace import Workspace

IDENT = "run"
# set_stats data larger than this is not kept: it travels in task answers and state machine
# state (256 KB at most), and on the execution's item.
MAX_ARTIFACTS_BYTES = 64 * 1024


@dataclass(frozen=True)
class PlaybookResult:
    status: str  # ansible-runner's: successful, failed, canceled, timeout
    rc: int
    artifacts: dict[str, Any] = field(default_factory=dict)  # the set_stats data, aggregated


def _path_with_interpreter_bin() -> str:
    # ansible-playbook is installed beside the interpreter running us (a venv, the image's Python).
    return f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}"


def stdout_path(workspace: Workspace) -> Path:
    return workspace.private_data_dir / "artifacts" / IDENT / "stdout"


def run_playbook(
    spec: RunSpec, workspace: Workspace, playbook: str, recorder: EventRecorder, cancel: threading.Event
) -> PlaybookResult:
    inventory = write_inventory(workspace, spec.hosts)
    extra_vars = write_extra_vars(workspace, spec.extra_vars)
    result = ansible_runner.run(
        private_data_dir=str(workspace.private_data_dir),
        project_dir=str(workspace.project),
        playbook=playbook,
        inventory=str(inventory),
        cmdline=f"-e @{extra_vars}",
        tags=",".join(spec.playbook_tags) or None,
        envvars={**workspace.ansible_environment(), "PATH": _path_with_interpreter_bin()},
        event_handler=recorder.handle,
        cancel_callback=cancel.is_set,
        ident=IDENT,
        quiet=True,
        settings={"pexpect_timeout": 0.5, "suppress_ansible_output": True},
    )
    return PlaybookResult(
        status=str(result.status),
        rc=int(result.rc if result.rc is not None else -1),
        artifacts=kept_artifacts(recorder.artifacts),
    )


def kept_artifacts(artifacts: dict[str, Any]) -> dict[str, Any]:
    if len(json.dumps(artifacts, default=str)) > MAX_ARTIFACTS_BYTES:
        logger.warning("set_stats data over the limit was not kept", extra={"limit_bytes": MAX_ARTIFACTS_BYTES})
        return {}
    return artifacts
