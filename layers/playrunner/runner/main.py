"""The runner's life: load, fetch, run, report — and leave nothing behind.

Exit code: 0 the playbook succeeded, 2 it ran and a host failed, 1 the run could not happen
(a bad repository, a crash), 143 it was stopped. The state machine learns the outcome from
the task token; the exit code is for ECS and whoever reads the task's logs.
"""

import os
import signal
import threading
import time
from collections.abc import Callable
from typing import Any

from playrunner.composition.runner import runner_services
from playrunner.errors import Conflict
from playrunner.models.execution import Execution, ExecutionEvent
from playrunner.models.host_results import HostResult, host_state
from playrunner.models.job import HostSummary
from playrunner.naming import ENV_TASK_TOKEN
from playrunner.orchestration.contracts import RunOutcome
from playrunner.orchestration.task_tokens import TaskTokenGone
from playrunner.runner.driver import PlaybookResult, run_playbook, stdout_path
from playrunner.runner.interrupt import GracefulStop
from playrunner.runner.load import build_spec
from playrunner.runner.log import logger
from playrunner.runner.playbook_user import claim_playbook_user
from playrunner.runner.recorder import EventRecorder
from playrunner.runner.source import SourceError, check_out, fetch_playbook
from playrunner.runner.workspace import Workspace
from playrunner.services.clock import now_ms
from playrunner.services.summary import summarize
from playrunner.settings import RunnerSettings
from playrunner.store.executions import ExecutionRecord

EXIT_SUCCESS, EXIT_ERROR, EXIT_HOSTS_FAILED, EXIT_STOPPED = 0, 1, 2, 143
RUNNABLE = {"INITIALIZING", "RUNNING"}
EVENT_FLUSH_SECONDS = 1.0
LAST_FLUSH_ATTEMPTS = 10
CONTROL_POLL_SECONDS = 1.0


class Runner:
    def __init__(self, settings: RunnerSettings) -> None:
        self.settings = settings
        services = runner_services(settings)
        self.jobs, self.executions, self.events = services.jobs, services.executions, services.events
        self.host_results = services.host_results
        self.stdout, self.box, self.callbacks, self.token = (
            services.stdout,
            services.box,
            services.callbacks,
            services.token,
        )
        self.cancel = threading.Event()
        self.stop = GracefulStop(self.cancel)
        self._done = threading.Event()

    def _record(self, with_targets: bool = True) -> ExecutionRecord:
        return self.executions.get(self.settings.account_alias, self.settings.execution_id, with_targets=with_targets)

    def _upload_stdout(self, workspace: Workspace, run: int) -> None:
        path = stdout_path(workspace)
        if path.exists():
            settings = self.settings
            self.stdout.put(settings.account_alias, settings.execution_id, run, settings.slice, path.read_bytes())

    def _stream(self, recorder: EventRecorder) -> None:
        """Events reach the store as they happen, a batch a second."""
        while not self._done.wait(EVENT_FLUSH_SECONDS):
            try:
                recorder.flush()
            except Exception:
                logger.exception("events could not be written; trying again")

    def _watch(self) -> None:
        """Follow the execution's status: a stop lets the current task finish, a kill ends the run now."""
        while not self._done.wait(CONTROL_POLL_SECONDS):
            try:
                record = self._record(with_targets=False)  # its status, each second: not its hosts
            except Exception:
                logger.exception("could not read the execution's status; trying again")
                continue
            status = record.execution.status
            if status == "STOPPING":
                deadline = record.stop_deadline or now_ms()
                self.stop.request(max(0.0, (deadline - now_ms()) / 1000))
            elif status not in RUNNABLE:
                logger.warning("the execution was ended elsewhere: cancelling the run", extra={"status": status})
                self.cancel.set()
            self.stop.tick()

    def _beat(self, workspace: Workspace, run: int) -> None:
        """Every third of the heartbeat window: tell the state machine we live, and publish the output so far."""
        interval = max(1.0, self.settings.runner_heartbeat_seconds / 3)
        while not self._done.wait(interval):
            try:
                if self.token is not None:
                    self.token.heartbeat()
                self._upload_stdout(workspace, run)
            except TaskTokenGone:
                logger.warning("the state machine stopped waiting for this run: cancelling it")
                self.cancel.set()
            except Exception:
                logger.exception("a heartbeat failed; trying again at the next one")

    def _mark_running(self, record: ExecutionRecord, repository_log: Any) -> ExecutionRecord:
        def change(current: ExecutionRecord) -> ExecutionRecord:
            # The first slice to run names the commit; the others run it too (runner/load.py).
            ran = current.execution.repository_log if current.execution.repository_log.recent_commit else repository_log
            execution: Execution = current.execution.model_copy(
                update={
                    "status": "RUNNING",
                    "status_reason": None,  # why it waited, if it did
                    "repository_log": ran,
                    "last_updated_time": now_ms(),
                }
            )
            return current.model_copy(update={"execution": execution})

        return self.executions.transition(
            record.execution.account_alias, record.execution.execution_id, RUNNABLE, change
        )

    def run(self, workspace: Workspace) -> PlaybookResult:
        record = self._record()
        targets = record.slice_targets(self.settings.slice)
        job = self.jobs.get(record.execution.account_alias, record.execution.job_id)
        spec = build_spec(job, record, self.box, targets)
        playbook, repository_log = fetch_playbook(spec, workspace)
        written = self._mark_running(record, repository_log)
        run = len(written.execution.timers)
        ran = written.execution.repository_log.recent_commit
        if ran and repository_log.recent_commit and ran[0].commit != repository_log.recent_commit[0].commit:
            # Another slice of this run recorded the commit first: every slice runs the same code.
            check_out(spec, workspace, playbook, ran[0].commit)
        recorder = EventRecorder(
            spec.account_alias,
            spec.execution_id,
            self.events,
            run=run,
            slice_index=self.settings.slice,
            on_event=self.stop.on_event,
            on_flush=self._notify(record),
        )
        threads = [
            threading.Thread(target=self._beat, args=(workspace, run), daemon=True),
            threading.Thread(target=self._stream, args=(recorder,), daemon=True),
            threading.Thread(target=self._watch, daemon=True),
        ]
        for thread in threads:
            thread.start()
        claimed = None
        try:
            claimed = claim_playbook_user()  # the run's own unprivileged user, where there are any
            result = run_playbook(
                spec, workspace, playbook, recorder, self.cancel, claimed.user if claimed else None, self._on_worker
            )
        finally:
            if claimed is not None:
                claimed.release()  # kills whatever the playbook left running
            self._done.set()
            for thread in threads:
                thread.join(timeout=30)
            self._flush_last(recorder)
            self._upload_stdout(workspace, run)
        self._record_hosts(recorder, [target.id for target in targets], run)
        return result

    def _record_hosts(self, recorder: EventRecorder, hosts: list[str], run: int) -> None:
        """Each host of the slice's result, from Ansible's recap (from its events so far, all
        failed, when the playbook did not finish)."""
        summary = summarize(recorder.recorded, hosts)
        self.host_results.put(
            self.settings.account_alias,
            self.settings.execution_id,
            (
                HostResult(
                    host=host,
                    state=host_state(summary.host_summaries.get(host, HostSummary()), summary.completed),
                    summary=summary.host_summaries.get(host, HostSummary()),
                    run=run,
                    slice=self.settings.slice,
                    reason=None if summary.completed else "the playbook did not finish",
                )
                for host in hosts
            ),
        )

    @staticmethod
    def _flush_last(recorder: EventRecorder) -> None:
        """The run's last events, written whatever it takes (a throttled table gives way in time);
        only when it never does is the run's end an error."""
        for attempt in range(LAST_FLUSH_ATTEMPTS):
            try:
                recorder.flush()
                return
            except Exception:
                logger.exception("the last events could not be written; trying again")
                time.sleep(min(0.2 * 2**attempt, 5.0))
        recorder.flush()

    def _on_worker(self, pid: int) -> None:
        self.stop.worker_pid = pid

    def _notify(self, record: ExecutionRecord) -> Callable[[list[ExecutionEvent]], None] | None:
        """What tells the job's callbacks about each batch of events, when it has any."""
        if not record.callbacks:
            return None
        return lambda batch: self.callbacks.events_recorded(record.execution, record.callbacks, batch)

    def report(self, outcome: RunOutcome | None, error: tuple[str, str] | None) -> None:
        if self.token is None:
            return
        try:
            if error is not None or outcome is None:
                self.token.fail(*(error or ("RunnerError", "the runner ended without an outcome")))
            else:
                self.token.succeed(outcome.model_dump(mode="json"))
        except TaskTokenGone:
            logger.warning("the state machine no longer waits for this run's outcome")


def main() -> int:
    settings = RunnerSettings.read(os.environ)
    # The playbook's environment is built from nothing (runner/driver.py) and it runs as another
    # user, who cannot read this process's /proc environ; the token leaves os.environ all the same.
    os.environ.pop(ENV_TASK_TOKEN, None)
    logger.append_keys(execution_id=settings.execution_id, account_alias=settings.account_alias)
    runner = Runner(settings)

    def _stop(signum: int, _frame: Any) -> None:
        logger.warning("stop requested", extra={"signal": signum})
        runner.cancel.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)

    workspace = Workspace(settings.work_dir)
    outcome: RunOutcome | None = None
    error: tuple[str, str] | None = None
    code = EXIT_ERROR
    try:
        result = runner.run(workspace)
        outcome = RunOutcome.model_validate(
            {
                "status": result.status,
                "rc": result.rc,
                "artifacts": result.artifacts,
                "artifacts_refused": result.artifacts_refused,
            }
        )
        if runner.stop.requested and not runner.cancel.is_set():
            # interrupted as asked: the finished tasks count
            outcome, code = outcome.model_copy(update={"status": "stopped"}), EXIT_STOPPED
        elif result.status == "canceled":
            error, code = ("RunnerStopped", "the run was stopped before the playbook finished"), EXIT_STOPPED
        elif result.status == "successful":
            code = EXIT_SUCCESS
        else:
            code = EXIT_HOSTS_FAILED
    except SourceError as exc:
        error = ("PlaybookSourceError", str(exc))
    except Conflict as exc:
        error = ("ExecutionStateConflict", exc.message)
    except Exception as exc:
        logger.exception("the runner failed")
        error = ("RunnerError", f"{type(exc).__name__}: the runner failed")
    finally:
        workspace.close()
    runner.report(outcome, error)
    status = outcome.status if outcome else None  # not the set_stats data: it is the playbook's
    logger.info("run finished", extra={"status": status, "error": error[0] if error else None, "exit_code": code})
    return code
