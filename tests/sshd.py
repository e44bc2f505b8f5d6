"""Real SSH hosts for the tests: sshd processes on loopback ports, each with its own host key,
accepting a key pair the test makes. Needs openssh-server (`make test` installs it)."""

import getpass
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519

from playrunner.local.stack import free_port

SSHD = "/usr/sbin/sshd"


@dataclass(frozen=True)
class SshHost:
    name: str
    port: int
    log: Path  # sshd's own log (at VERBOSE, every session it starts and every sftp request)

    def sessions(self) -> list[str]:
        """What sshd started so far: "command" for each exec, "sftp" for each file transfer."""
        started = []
        for line in self.log.read_text(errors="replace").splitlines():
            if "Starting session: command" in line:
                started.append("command")
            elif "subsystem request for sftp" in line:
                started.append("sftp")
        return started

    def host_vars(self) -> dict[str, object]:
        return {
            "ansible_host": "127.0.0.1",
            "ansible_port": self.port,
            "ansible_user": getpass.getuser(),
            # Interpreter discovery over this ssh fails; name the interpreter outright.
            "ansible_python_interpreter": "/usr/bin/python3" if Path("/usr/bin/python3").exists() else "python3",
        }


@dataclass(frozen=True)
class SshKeyPair:
    private_openssh: bytes
    public_line: str


def make_key_pair() -> SshKeyPair:
    key = ed25519.Ed25519PrivateKey.generate()
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH, serialization.NoEncryption()
    )
    public = key.public_key().public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)
    return SshKeyPair(private_openssh=private, public_line=public.decode())


def sshd_available() -> bool:
    return Path(SSHD).exists() and shutil.which("ssh") is not None


def _wait_for_port(port: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"sshd did not listen on port {port}")


@contextmanager
def ssh_hosts(root: Path, names: list[str], authorized: SshKeyPair) -> Iterator[list[SshHost]]:
    Path("/run/sshd").mkdir(parents=True, exist_ok=True)
    authorized_keys = root / "authorized_keys"
    authorized_keys.write_text(authorized.public_line + "\n")
    authorized_keys.chmod(0o600)
    processes: list[subprocess.Popen[bytes]] = []
    hosts: list[SshHost] = []
    try:
        for name in names:
            home = root / name
            home.mkdir()
            host_key = home / "host_key"
            subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(host_key)], check=True)
            port = free_port()
            config = home / "sshd_config"
            config.write_text(
                "\n".join(
                    [
                        f"Port {port}",
                        "ListenAddress 127.0.0.1",
                        f"HostKey {host_key}",
                        f"AuthorizedKeysFile {authorized_keys}",
                        f"PidFile {home / 'sshd.pid'}",
                        "StrictModes no",
                        "UsePAM no",
                        "PasswordAuthentication no",
                        "KbdInteractiveAuthentication no",
                        "PubkeyAuthentication yes",
                        "PermitRootLogin prohibit-password",
                        "LogLevel VERBOSE",
                        "",
                    ]
                )
            )
            processes.append(
                subprocess.Popen(
                    [SSHD, "-D", "-e", "-f", str(config)],
                    stdout=subprocess.DEVNULL,
                    stderr=(home / "sshd.log").open("wb"),
                    env={**os.environ},
                )
            )
            _wait_for_port(port, time.monotonic() + 15)
            hosts.append(SshHost(name=name, port=port, log=home / "sshd.log"))
        yield hosts
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=10)
