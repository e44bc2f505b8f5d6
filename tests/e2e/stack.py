"""Start `playrunner serve` as a subprocess and talk to it over HTTP."""

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3
import requests

from playrunner.local.stack import free_port

STARTUP_SECONDS = 60
ADMIN_PASSWORD = "Admin-Pass-123!"


@dataclass
class RunningStack:
    url: str
    data_dir: Path
    log_path: Path
    username: str
    password: str
    account: str
    process: subprocess.Popen[bytes]
    session: requests.Session = field(default_factory=requests.Session)

    @property
    def state(self) -> dict[str, Any]:
        return dict(json.loads((self.data_dir / "stack.json").read_text()))

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def login(self, username: str | None = None, password: str | None = None) -> str:
        answer = self.session.post(
            f"{self.url}/authentication/login",
            json={"username": username or self.username, "password": password or self.password},
            timeout=30,
        )
        answer.raise_for_status()
        return str(answer.json()["bearerToken"])

    def aws(self, service: str) -> Any:
        """A boto3 client of the stack's moto server."""
        return boto3.client(
            service,
            endpoint_url=self.state["aws_endpoint"],
            region_name="us-east-1",
            aws_access_key_id="playrunner-local",
            aws_secret_access_key="playrunner-local",
        )

    def table_items(self) -> list[dict[str, Any]]:
        """Every item of the stack's table, read from its moto server."""
        client = self.aws("dynamodb")
        pages = client.get_paginator("scan").paginate(TableName=self.state["resources"]["table_name"])
        return [item for page in pages for item in page["Items"]]

    def add_user(self, account: str, username: str, password: str) -> None:
        command = ["users", "add", "--data-dir", str(self.data_dir), "--account", account]
        subprocess.run(
            [sys.executable, "-m", "playrunner.cli", *command, "--username", username, "--password", password],
            check=True,
            capture_output=True,
        )

    def call(self, method: str, path: str, token: str | None = None, **kwargs: Any) -> requests.Response:
        headers = dict(kwargs.pop("headers", {}))
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return self.session.request(method, f"{self.url}{path}", headers=headers, timeout=60, **kwargs)

    def wait_for(self, path: str, token: str, statuses: set[str], timeout: float = 120) -> dict[str, Any]:
        """GET PATH until its status is one of STATUSES (or the time is up); the last answer."""
        deadline = time.monotonic() + timeout
        while True:
            found = dict(self.call("GET", path, token).json())
            if found["status"] in statuses or time.monotonic() > deadline:
                return found
            time.sleep(0.2)

    def wait_for_status(
        self, token: str, job_id: str, execution_id: str, statuses: set[str], timeout: float = 120
    ) -> dict[str, Any]:
        return self.wait_for(f"/jobs/{self.account}/{job_id}/executions/{execution_id}", token, statuses, timeout)

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return int(self.process.returncode)


def start_stack(
    data_dir: Path,
    log_path: Path,
    *,
    password: str = ADMIN_PASSWORD,
    account: str = "DEMO",
    settings: dict[str, str] | None = None,
) -> RunningStack:
    port = free_port()
    env = {
        **os.environ,
        "PLAYRUNNER_USER": "admin",
        "PLAYRUNNER_PASSWORD": password,
        "PLAYRUNNER_ACCOUNT": account,
        **(settings or {}),
    }
    env.pop("AWS_ENDPOINT_URL", None)
    log = log_path.open("ab")
    process = subprocess.Popen(
        [sys.executable, "-m", "playrunner.cli", "serve", "--port", str(port), "--data-dir", str(data_dir)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    stack = RunningStack(
        url=f"http://127.0.0.1:{port}",
        data_dir=data_dir,
        log_path=log_path,
        username="admin",
        password=password,
        account=account,
        process=process,
    )
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"playrunner serve exited with {process.returncode}:\n{stack.log()}")
        if f"playrunner listening on {stack.url}" in stack.log():
            return stack
        time.sleep(0.1)
    stack.stop()
    raise RuntimeError(f"playrunner serve did not start within {STARTUP_SECONDS}s:\n{stack.log()}")
