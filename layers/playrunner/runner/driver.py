"""One ansible-runner run over the workspace, with the playbook on the far side of a pipe.

The runner does not run Ansible in its own process. It starts `ansible-runner worker`
(runner/worker_entry.py) as the run's playbook user, with an environment built from nothing,
sends it the job (ansible-runner's own streaming protocol, as AWX does with its execution
environments), and reads the events back from the worker's output with ansible-runner's
Processor. The playbook thus shares no memory, environment, file or privilege with the runner:
what it sends back is data.

Cancelling kills every process of the playbook user (or, where there is none, the worker's
whole process tree).
"""

import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from ansible_runner.streaming import Processor, Transmitter
from ansible_runner.utils.base64io import Base64IO

from playrunner.runner.ansible_callbacks import CALLBACK_DIR
from playrunner.runner.interrupt import descendants
from playrunner.runner.inventory import write_extra_vars, write_inventory
from playrunner.runner.log import logger
from playrunner.runner.playbook_user import PlaybookUser, kill_everything_of
from playrunner.runner.recorder import EventRecorder
from playrunner.runner.spec import RunSpec
from playrunner.runner.workspace import Workspace

IDENT = "run"
# set_stats data larger than this is not kept: it travels in task answers and state machine
# state (256 KB at most), and on the execution's item.
MAX_ARTIFACTS_BYTES = 64 * 1024
CANCEL_POLL_SECONDS = 0.2
WORKER_ERROR_TAIL_CHARS = 500


@dataclass(frozen=True)
class PlaybookResult:
    status: str  # ansible-runner's: successful, failed, canceled, timeout, error
    rc: int
    artifacts: dict[str, Any] = field(default_factory=dict)  # the set_stats data, aggregated
    artifacts_refused: str | None = None  # why the set_stats data was not kept


def stdout_path(workspace: Workspace) -> Path:
    return workspace.artifacts_dir / "stdout"


def connection_settings(spec: RunSpec) -> dict[str, str]:
    """Ansible's settings that cut round trips: pipelining (a module runs in the ssh session that
    sends it, instead of a file copy and a second session), and forks sized to the run's hosts.
    ControlPersist keeps one connection per host for the whole run (Workspace)."""
    return {"ANSIBLE_PIPELINING": str(spec.pipelining), "ANSIBLE_FORKS": str(spec.forks)}


def playbook_environment(workspace: Workspace, spec: RunSpec) -> dict[str, str]:
    """Everything the playbook's processes get: no AWS_*, ECS_*, PLAYRUNNER_* or task token,
    because nothing of the runner's own environment is copied."""
    # ansible-playbook is installed beside the interpreter running us (a venv, the image's Python).
    interpreter_bin = str(Path(sys.executable).parent)
    return {
        "PATH": os.pathsep.join((interpreter_bin, "/usr/local/bin", "/usr/bin", "/bin")),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "PYTHONUNBUFFERED": "1",
        **workspace.ansible_environment(),
        **connection_settings(spec),
        # Found before ansible-runner's own: its event callback, less the events no one keeps.
        "ANSIBLE_CALLBACK_PLUGINS": str(CALLBACK_DIR),
    }


class _StreamProcessor(Processor):
    def artifacts_callback(self, artifacts_data: dict[str, Any]) -> None:
        # The worker ends by sending its artifact directory as a zip. Unpacking it would have the
        # runner write what the playbook's side chose (links included); events and output came
        # on the stream already, so it is read past and never unpacked.
        remaining = int(artifacts_data.get("zipfile") or 0)
        with Base64IO(self._input) as encoded:  # the zip's size counts decoded bytes, as unstream_dir reads
            while remaining > 0:
                chunk = encoded.read(min(remaining, 1 << 16))
                if not chunk:
                    return
                remaining -= len(chunk)


class _Output:
    """The run's text output, as the runner's side writes it from the events' stdout."""

    def __init__(self, path: Path) -> None:
        self._handle: IO[str] = open(  # noqa: SIM115 - closed by close()
            os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600), "w", encoding="utf-8"
        )

    def write(self, event: dict[str, Any]) -> None:
        text = event.get("stdout")
        if isinstance(text, str) and text:
            self._handle.write(text + "\n")
            self._handle.flush()

    def close(self) -> None:
        self._handle.close()


def _job(spec: RunSpec, workspace: Workspace, playbook: str) -> dict[str, Any]:
    inventory = write_inventory(workspace, spec.hosts)
    extra_vars = write_extra_vars(workspace, spec.extra_vars)
    return {
        "playbook": playbook,
        "project_dir": str(workspace.project),
        "inventory": str(inventory),
        "cmdline": f"-e @{extra_vars}",
        "tags": ",".join(spec.playbook_tags) or None,
        "ident": IDENT,
        "settings": {"pexpect_timeout": 0.5, "suppress_ansible_output": True},
    }


class _Worker:
    def __init__(self, workspace: Workspace, spec: RunSpec, user: PlaybookUser | None) -> None:
        self._user = user
        self._stderr = open(  # noqa: SIM115 - closed by finish()
            os.open(workspace.trusted / "worker-stderr", os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600),
            "w+b",
        )
        command = [
            sys.executable,
            "-m",
            "playrunner.runner.worker_entry",  # ansible-runner's worker, closing promptly
            "worker",
            "--private-data-dir",
            str(workspace.private_data_dir),
        ]
        self.process = subprocess.Popen(
            [*(user.command_prefix() if user else []), *command],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            env=playbook_environment(workspace, spec),
            cwd=workspace.play,
            start_new_session=True,
            # What the playbook makes outside its workspace (in /tmp, say) is its own, not the next run's.
            umask=0o077,
        )

    def kill(self) -> None:
        if self._user is not None:
            kill_everything_of(self._user.uid)
            return
        for pid in [*descendants(self.process.pid), self.process.pid]:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                continue

    def finish(self) -> int:
        code = self.process.wait()
        self._stderr.seek(0)
        tail = self._stderr.read().decode(errors="replace")[-WORKER_ERROR_TAIL_CHARS:]
        self._stderr.close()
        if code != 0 and tail:
            logger.warning("the playbook's worker ended with an error", extra={"exit_code": code, "stderr_tail": tail})
        return code


def run_playbook(
    spec: RunSpec,
    workspace: Workspace,
    playbook: str,
    recorder: EventRecorder,
    cancel: threading.Event,
    user: PlaybookUser | None = None,
    on_worker: Callable[[int], None] | None = None,
) -> PlaybookResult:
    job = _job(spec, workspace, playbook)
    workspace.hand_over(user)
    worker = _Worker(workspace, spec, user)
    if on_worker is not None:
        on_worker(worker.process.pid)
    finished = threading.Event()

    def cancel_when_asked() -> None:
        while not finished.wait(CANCEL_POLL_SECONDS):
            if cancel.is_set():
                worker.kill()
                return

    output = _Output(stdout_path(workspace))

    def handle(raw: dict[str, Any]) -> bool:
        recorder.handle(raw)
        output.write(raw)
        return False  # the runner keeps no event file of its own: the recorder has it

    watcher = threading.Thread(target=cancel_when_asked, daemon=True)
    watcher.start()
    try:
        assert worker.process.stdin is not None
        assert worker.process.stdout is not None
        with worker.process.stdin:
            Transmitter(_output=worker.process.stdin, private_data_dir=str(workspace.private_data_dir),
                        only_transmit_kwargs=True, **job).run()  # fmt: skip
        processor = _StreamProcessor(
            _input=worker.process.stdout,
            event_handler=handle,
            private_data_dir=str(workspace.trusted),
            artifact_dir=str(workspace.artifacts_dir),
            quiet=True,
        )
        status, _ = processor.run()
    except BrokenPipeError:
        status = "error"  # the worker died before it read the job
    finally:
        finished.set()
        output.close()
    rc = worker.finish()
    if cancel.is_set():
        status = "canceled"
    kept, refused = kept_artifacts(recorder.artifacts)
    return PlaybookResult(status=str(status), rc=rc, artifacts=kept, artifacts_refused=refused)


def kept_artifacts(artifacts: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
    """The set_stats data, or none and why, when it is over what a run may keep."""
    size = len(json.dumps(artifacts, default=str))
    if size > MAX_ARTIFACTS_BYTES:
        logger.warning("set_stats data over the limit was not kept", extra={"limit_bytes": MAX_ARTIFACTS_BYTES})
        return (
            {},
            f"the playbook's set_stats data is {size} bytes, over the {MAX_ARTIFACTS_BYTES} a run keeps: not kept",
        )
    return artifacts, None
