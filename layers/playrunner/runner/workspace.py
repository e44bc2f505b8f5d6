"""The run's private directory: project, keys, inventory, Ansible's own state. Removed in
every outcome, after closing any ssh connection Ansible left running in the background."""

import base64
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from pydantic import SecretStr

SHORT_TMP = "/tmp"  # noqa: S108 - only the socket directory, created private (0700) by mkdtemp


class Workspace:
    def __init__(self, root: Path | None = None) -> None:
        if root is not None:
            root.mkdir(parents=True, exist_ok=True)
        self.path = Path(tempfile.mkdtemp(prefix="run-", dir=root))
        self.path.chmod(0o700)
        for name in ("project", "runner", "keys", "ansible", "tmp"):
            (self.path / name).mkdir(mode=0o700)
        # ssh's control sockets need a short path (a Unix socket path has at most 107 bytes).
        self.control_dir = Path(tempfile.mkdtemp(prefix="prcp-", dir=SHORT_TMP if os.path.isdir(SHORT_TMP) else None))
        self._keys = 0

    @property
    def project(self) -> Path:
        return self.path / "project"

    @property
    def private_data_dir(self) -> Path:
        return self.path / "runner"

    @property
    def known_hosts(self) -> Path:
        return self.path / "known_hosts"

    def write_private(self, relative: str, content: bytes, mode: int = 0o600) -> Path:
        path = self.path / relative
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(content)
        return path

    def write_key(self, key_base64: SecretStr) -> Path:
        self._keys += 1
        raw = base64.b64decode(key_base64.get_secret_value())
        return self.write_private(f"keys/key-{self._keys}", raw if raw.endswith(b"\n") else raw + b"\n")

    def ansible_environment(self) -> dict[str, str]:
        """Keep Ansible's state out of the home directory, inside this run's directory."""
        return {
            "ANSIBLE_HOME": str(self.path / "ansible"),
            "ANSIBLE_LOCAL_TEMP": str(self.path / "tmp"),
            "ANSIBLE_SSH_CONTROL_PATH_DIR": str(self.control_dir),
            "ANSIBLE_HOST_KEY_CHECKING": "False",
            "ANSIBLE_SSH_ARGS": (
                "-C -o ControlMaster=auto -o ControlPersist=60s "
                f"-o UserKnownHostsFile={self.known_hosts} -o IdentitiesOnly=yes"
            ),
            "ANSIBLE_RETRY_FILES_ENABLED": "False",
            "ANSIBLE_NOCOLOR": "True",
        }

    def close(self) -> None:
        for socket in self.control_dir.glob("*") if self.control_dir.exists() else []:
            subprocess.run(
                ["ssh", "-o", f"ControlPath={socket}", "-O", "exit", "playrunner-control"],
                capture_output=True,
                timeout=10,
                check=False,
            )
        shutil.rmtree(self.control_dir, ignore_errors=True)
        shutil.rmtree(self.path, ignore_errors=True)
