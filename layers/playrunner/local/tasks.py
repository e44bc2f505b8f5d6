"""Fargate, played locally: RunTask for the runner's task definition starts the runner as a
subprocess with the environment the container would get; StopTask signals it as ECS does
(SIGTERM, then SIGKILL after the stop timeout); its exit marks the task STOPPED."""

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from aws_lambda_powertools import Logger

from playrunner.local.runner_slots import RunnerSlots
from playrunner.naming import ENV_WORK_DIR, RUNNER_TASK_FAMILY
from playrunner.runner.playbook_user import clean_up_after, reclaim_free_users

logger = Logger(service="playrunner-local-ecs")
STOP_TIMEOUT_SECONDS = 30
REAP_WAIT_SECONDS = 10.0


def _environment(entries: list[dict[str, str]] | None) -> dict[str, str]:
    return {entry["name"]: entry["value"] for entry in entries or []}


def _kill_processes_of(work_dir: Path, *, below: bool = False) -> list[int]:
    """Kill what a task left running (a runner's own children run in sessions of their own),
    found by the work directory in their environment (BELOW: any task's under WORK_DIR). Linux
    only; elsewhere nothing is left to find this way. The playbook's processes carry no such
    marker (their environment is built from nothing): their user is reclaimed instead."""
    marker = f"{ENV_WORK_DIR}={work_dir}".encode()
    killed = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            entries = environ.read_bytes().split(b"\0")
            if marker in entries or (below and any(e.startswith(marker + b"/") for e in entries)):
                os.kill(int(environ.parent.name), signal.SIGKILL)
                killed.append(int(environ.parent.name))
        except (OSError, ValueError):
            continue
    return killed


def _ended(pid: int) -> bool:
    """Gone, or every thread of it a zombie: only then does it hold no file (nor lock) any more.
    (A process's first thread can be a zombie while the others still exit, its files open.)"""
    for stat in Path(f"/proc/{pid}/task").glob("*/stat"):
        try:
            if stat.read_text().rsplit(")", 1)[-1].split()[0] not in {"Z", "X"}:
                return False
        except OSError:
            continue
    return True


def _wait_until_ended(pids: list[int], seconds: float = REAP_WAIT_SECONDS) -> None:
    deadline = time.monotonic() + seconds
    while not all(_ended(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)


class LocalTasks:
    def __init__(self, work_root: Path, base_environment: dict[str, str], slots: RunnerSlots) -> None:
        self._work_root = work_root
        self._base_environment = base_environment
        self._slots = slots
        self._processes: dict[str, subprocess.Popen[bytes]] = {}
        self._lock = threading.Lock()

    def reap(self) -> None:
        """End every runner a stack on this data directory left running when it died (its tasks
        went with it), and whatever their playbooks left: nothing of them goes on against hosts."""
        # A killed runner lets go of its playbook user's lock only once it has exited.
        _wait_until_ended(_kill_processes_of(self._work_root, below=True))
        reclaim_free_users()

    def install(self) -> None:
        from moto.core.responses import ActionResult
        from moto.ecs.models import EC2ContainerServiceBackend
        from moto.ecs.responses import EC2ContainerServiceResponse

        original_run = EC2ContainerServiceBackend.run_task
        original_stop = EC2ContainerServiceBackend.stop_task
        original_answer = EC2ContainerServiceResponse.run_task
        tasks = self

        def answer_run_task(response: Any) -> Any:
            # As ECS answers a task it cannot place now: no task, and a failure that says why.
            if response._get_param("taskDefinition", "").split("/")[-1].split(":")[0] == RUNNER_TASK_FAMILY:
                waiting = tasks._slots.take(str(response._get_param("startedBy") or ""))
                if waiting is not None:
                    return ActionResult({"tasks": [], "failures": [{"reason": waiting}]})
                try:
                    return original_answer(response)
                except Exception:
                    tasks._slots.give_back()
                    raise
            return original_answer(response)

        def run_task(backend: Any, *args: Any, **kwargs: Any) -> Any:
            started = original_run(backend, *args, **kwargs)
            for task in started:
                tasks._start(backend, task)
            return started

        def stop_task(backend: Any, cluster_str: str, task_str: str, reason: str) -> Any:
            task = original_stop(backend, cluster_str, task_str, reason)
            tasks._stop(task)
            return task

        EC2ContainerServiceBackend.run_task = run_task  # type: ignore[method-assign,assignment]
        EC2ContainerServiceResponse.run_task = answer_run_task  # type: ignore[method-assign,assignment]
        EC2ContainerServiceBackend.stop_task = stop_task  # type: ignore[method-assign,assignment]

    def _start(self, backend: Any, task: Any) -> None:
        definition = backend.describe_task_definition(task.task_definition_arn)
        if definition.family != RUNNER_TASK_FAMILY:
            return
        container = definition.container_definitions[0]
        work_dir = self._work_root / task.id
        environment = {
            **self._base_environment,
            **_environment(container.get("environment")),
            ENV_WORK_DIR: str(work_dir),
        }
        for override in task.overrides.get("containerOverrides", []):
            environment.update(_environment(override.get("environment")))
        process = subprocess.Popen([sys.executable, "-m", "playrunner.runner"], env=environment, start_new_session=True)
        with self._lock:
            self._processes[task.id] = process
        logger.info("runner task started", extra={"task_id": task.id, "pid": process.pid})
        threading.Thread(target=self._wait, args=(task, process, work_dir), daemon=True).start()

    def _wait(self, task: Any, process: subprocess.Popen[bytes], work_dir: Path) -> None:
        code = process.wait()
        # A container takes everything in it when it stops: so does this task, the playbook's
        # processes (another user's, with an environment of their own) included.
        _kill_processes_of(work_dir)
        clean_up_after(process.pid)
        shutil.rmtree(work_dir, ignore_errors=True)
        with self._lock:
            self._processes.pop(task.id, None)
        self._slots.give_back()
        task.last_status = "STOPPED"
        task.desired_status = "STOPPED"
        task.stopped_reason = task.stopped_reason or f"Essential container in task exited ({code})"
        logger.info("runner task stopped", extra={"task_id": task.id, "exit_code": code})

    def _stop(self, task: Any) -> None:
        with self._lock:
            process = self._processes.get(task.id)
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        threading.Thread(target=self._kill_after_timeout, args=(process,), daemon=True).start()

    @staticmethod
    def _kill_after_timeout(process: subprocess.Popen[bytes]) -> None:
        try:
            process.wait(timeout=STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)

    def shutdown(self) -> None:
        with self._lock:
            processes = list(self._processes.values())
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
