"""`playrunner serve`: moto in server mode, the resources playrunner needs inside it, and the
local API gateway in front of the functions — all in this one process."""

import fcntl
import json
import logging
import os
import secrets
import socket
import threading
from pathlib import Path
from typing import IO, Any

from playrunner.catalogue import RUNTIME_ENVIRONMENT
from playrunner.naming import (
    CALLBACK_FUNCTION,
    ENV_CALLBACKS_ALLOW_LOOPBACK,
    ENV_CALLBACKS_STACK_PORTS,
    ENV_CONSOLE_ORIGIN,
    ENV_PREFIX,
    ENV_RUNNER_HEARTBEAT_SECONDS,
    LOCAL_FUNCTION_PREFIX,
    NOTICE_FUNCTION,
)

STACK_FILE = "stack.json"
LOCK_FILE = "stack.lock"
SNAPSHOT_INTERVAL_SECONDS = 5.0
LOCAL_REGION = "us-east-1"


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def aws_environment(endpoint: str) -> dict[str, str]:
    """What every component of the local stack needs to reach moto through plain boto3."""
    return {
        "AWS_ENDPOINT_URL": endpoint,
        "AWS_ACCESS_KEY_ID": "playrunner-local",
        "AWS_SECRET_ACCESS_KEY": "playrunner-local",
        "AWS_DEFAULT_REGION": LOCAL_REGION,
        "AWS_REGION": LOCAL_REGION,
        "POWERTOOLS_TRACE_DISABLED": "true",
        "POWERTOOLS_METRICS_DISABLED": "true",
        **RUNTIME_ENVIRONMENT,
    }


class DataDirLock:
    """Held by a running stack, so that two stacks never share one data directory."""

    def __init__(self, data_dir: Path) -> None:
        self._path = data_dir / LOCK_FILE
        self._file: IO[str] | None = None

    def acquire(self) -> bool:
        self._file = open(self._path, "a")  # noqa: SIM115 - held for the stack's lifetime
        try:
            fcntl.flock(self._file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._file.close()
            self._file = None
            return False
        return True

    def release(self) -> None:
        if self._file is not None:
            fcntl.flock(self._file, fcntl.LOCK_UN)
            self._file.close()
            self._file = None


def read_stack_file(data_dir: Path) -> dict[str, Any] | None:
    path = data_dir / STACK_FILE
    return json.loads(path.read_text()) if path.exists() else None


def write_stack_file(data_dir: Path, content: dict[str, Any]) -> None:
    path = data_dir / STACK_FILE
    path.write_text(json.dumps(content, indent=2))
    path.chmod(0o600)


def prepare_data_dir(data_dir: Path) -> Path:
    data_dir = data_dir.resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    data_dir.chmod(0o700)
    return data_dir


class LocalStack:
    def __init__(
        self,
        *,
        data_dir: Path,
        host: str = "127.0.0.1",
        port: int = 0,
        loopback_callbacks: bool = True,
        runner_slots: int = 2,
    ) -> None:
        self.data_dir = prepare_data_dir(data_dir)
        self.runner_slots = runner_slots
        self.loopback_callbacks = loopback_callbacks
        self.host = host
        self.port = port or free_port(host)
        self.moto_port = free_port()
        self._lock = DataDirLock(self.data_dir)
        self._stopping = threading.Event()
        self._moto: Any = None
        self._http: Any = None
        self._snapshots: threading.Thread | None = None
        self.resources: Any = None
        self.compute: Any = None
        self._tasks: Any = None
        self._scheduler: Any = None
        self._consumers: list[Any] = []

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def aws_endpoint(self) -> str:
        return f"http://127.0.0.1:{self.moto_port}"

    def start(self) -> None:
        if not self._lock.acquire():
            raise RuntimeError(f"another playrunner stack is running with the data directory {self.data_dir}")
        os.environ.update(aws_environment(self.aws_endpoint))
        os.environ["MOTO_PORT"] = str(self.moto_port)  # moto's interpreter calls itself back here
        # Settings given to `playrunner serve` in its own environment are the stack's to give, as
        # CDK context is the CDK stack's: each function takes only those its catalogue entry reads.
        # And what only a local stack sets: receivers on this machine are what it calls back
        # (never in AWS), but never the stack itself (moto's API, /moto-api/reset included, and
        # the gateway).
        stack_values = {
            **{name: value for name, value in os.environ.items() if name.startswith(ENV_PREFIX)},
            ENV_CALLBACKS_ALLOW_LOOPBACK: "true" if self.loopback_callbacks else "false",
            ENV_CALLBACKS_STACK_PORTS: json.dumps(sorted({self.port, self.moto_port})),
            ENV_CONSOLE_ORIGIN: self.url,  # the console is served beside the API, at /console/
        }

        import boto3
        from moto.server import ThreadedMotoServer
        from werkzeug.serving import make_server

        from playrunner.auth.tokens import TokenVerifier, issuer_for
        from playrunner.local import moto_state, signing_key
        from playrunner.local.compute import provision_compute
        from playrunner.local.functions import FunctionHost
        from playrunner.local.gateway import Gateway
        from playrunner.local.lambdas import install_lambda_routing
        from playrunner.local.moto_dynamodb import serialize_writes
        from playrunner.local.provision import provision
        from playrunner.local.queues import QueueConsumer
        from playrunner.local.recovery import fail_orphaned_executions, fail_orphaned_runs
        from playrunner.local.runner_slots import RunnerSlots
        from playrunner.local.scheduler import LocalScheduler
        from playrunner.local.streams import StreamConsumer
        from playrunner.local.tasks import LocalTasks
        from playrunner.runner.playbook_user import isolation_unavailable
        from playrunner.services.notices import EXECUTION_CHANGES

        # moto and the gateway both serve through werkzeug, whose per-request lines would drown
        # the functions' own logs; the gateway logs each request itself.
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
        serialize_writes()
        token_key = signing_key.load_or_create(self.data_dir)
        signing_key.sign_tokens_with(token_key)
        moto_state.restore(self.data_dir)
        self._moto = ThreadedMotoServer(ip_address="127.0.0.1", port=self.moto_port, verbose=False)
        functions = FunctionHost()
        install_lambda_routing(functions)
        self._moto.start()
        # moto's Step Functions only records executions unless told to interpret them.
        _enable_state_machine_interpreter(self.aws_endpoint)
        self.resources = provision()
        self.compute, environments = provision_compute(
            boto3.Session(),
            self.resources,
            heartbeat_seconds=int(os.environ.get(ENV_RUNNER_HEARTBEAT_SECONDS, "20")),
            stack_values=stack_values,
        )
        functions.register(environments)
        # A runner gets the process's environment as a container gets its image's, and what its
        # task definition and the dispatch step give it: none of this stack's own settings.
        base = {name: value for name, value in os.environ.items() if not name.startswith(ENV_PREFIX)}
        self._tasks = LocalTasks(self.data_dir / "tasks", base, RunnerSlots(self.runner_slots))
        self._tasks.reap()
        self._tasks.install()
        # The status changes recovery writes below are published too.
        self._consumers = [
            StreamConsumer(self.resources.table_name, f"{LOCAL_FUNCTION_PREFIX}{NOTICE_FUNCTION}", EXECUTION_CHANGES)
        ]
        self._consumers[0].start()
        not_isolated = isolation_unavailable()
        if not_isolated:
            print(
                f"warning: playbooks run as this stack's own user, not isolated from it: {not_isolated}. "
                "See the README's Security model.",
                flush=True,
            )
        recovered = fail_orphaned_executions(environments["step_finalize"])
        if recovered:
            print(f"{recovered} execution(s) left running by the last stop ended FAILURE", flush=True)
        recovered_runs = fail_orphaned_runs(environments["step_workflow_finish"])
        if recovered_runs:
            print(f"{recovered_runs} workflow run(s) left running by the last stop ended in error", flush=True)
        verifier = TokenVerifier(
            issuer=issuer_for(self.resources.region, self.resources.user_pool_id),
            audience=self.resources.user_pool_client_id,
            public_key=signing_key.public_part(token_key),
        )
        self._http = make_server(self.host, self.port, Gateway(functions, verifier), threaded=True)
        write_stack_file(
            self.data_dir,
            {
                "url": self.url,
                "aws_endpoint": self.aws_endpoint,
                "pid": os.getpid(),
                "resources": self.resources.model_dump(),
                "compute": self.compute.model_dump(),
            },
        )
        moto_state.save(self.data_dir)
        self._snapshots = threading.Thread(target=self._snapshot_loop, name="snapshots", daemon=True)
        self._snapshots.start()
        self._scheduler = LocalScheduler()
        self._scheduler.start()
        deliver = f"{LOCAL_FUNCTION_PREFIX}{CALLBACK_FUNCTION}"
        queues = [
            QueueConsumer(url, deliver)
            for url in (self.compute.callback_queue_url, self.compute.callback_retry_queue_url)
        ]
        for consumer in queues:
            consumer.start()
        self._consumers.extend(queues)

    def _snapshot_loop(self) -> None:
        from playrunner.local import moto_state

        while not self._stopping.wait(SNAPSHOT_INTERVAL_SECONDS):
            moto_state.save(self.data_dir)

    def serve_forever(self) -> None:
        self._http.serve_forever()

    def shutdown(self) -> None:
        """Stop serving; safe to call from a signal handler's thread."""
        if self._http is not None:
            threading.Thread(target=self._http.shutdown, daemon=True).start()

    def close(self) -> None:
        from playrunner.local import moto_state

        self._stopping.set()
        if self._scheduler is not None:
            self._scheduler.stop()
        for consumer in self._consumers:
            consumer.stop()
        if self._tasks is not None:
            self._tasks.shutdown()
        if self._http is not None:
            self._http.server_close()
        if self._moto is not None:
            moto_state.save(self.data_dir)
            self._moto.stop()
        self._lock.release()


def _enable_state_machine_interpreter(endpoint: str) -> None:
    import requests

    answer = requests.post(
        f"{endpoint}/moto-api/config", json={"stepfunctions": {"execute_state_machine": True}}, timeout=10
    )
    answer.raise_for_status()


def generated_password() -> str:
    # Cognito's default policy wants upper, lower, digit and symbol characters.
    return f"Pr-{secrets.token_urlsafe(12)}-9a"
