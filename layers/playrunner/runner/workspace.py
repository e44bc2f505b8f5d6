"""The run's private directory, in two halves, removed in every outcome.

- `trusted/` stays the runner's own: what fetching the repository needs (its credentials,
  their known_hosts), and ansible-runner's artifacts as the runner records them.
- `play/` is what the playbook may see: the project, the inventory, the extra vars, the
  hosts' keys, Ansible's home and temporary files. It is handed to the run's playbook user
  (made its owner) just before Ansible starts; the rest of the runner stays out of its reach.

Closing it ends any ssh connection Ansible left running in the background first.
"""

import base64
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from pydantic import SecretStr

from playrunner.runner.playbook_user import PlaybookUser

SHORT_TMP = "/tmp"  # noqa: S108 - only the socket directory, created private (0700) by mkdtemp
# Where a root runner puts the playbook's halves: a root-owned directory every playbook user may
# pass through (0711) to its own run's half, and list nothing in. The trusted half stays under
# the runner's work directory, whose parents need not be open to anyone.
PLAY_ROOT = Path("/var/lib/playrunner/play")
PLAY_DIRECTORIES = ("project", "keys", "ansible", "tmp", "runner")


def _write_new(path: Path, content: bytes, mode: int) -> Path:
    # O_EXCL|O_NOFOLLOW: never through a link, never over a file someone else made.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, mode)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(content)
    return path


def _key_bytes(key_base64: SecretStr) -> bytes:
    raw = base64.b64decode(key_base64.get_secret_value())
    return raw if raw.endswith(b"\n") else raw + b"\n"


def _chown_tree(root: Path, uid: int, gid: int) -> None:
    """Give ROOT and everything below it to uid:gid, links themselves and never what they point at."""
    os.lchown(root, uid, gid)
    for directory, subdirectories, files in os.walk(root, followlinks=False):
        for name in (*subdirectories, *files):
            os.lchown(os.path.join(directory, name), uid, gid)


def _play_root() -> Path:
    for directory in (PLAY_ROOT.parent, PLAY_ROOT):
        directory.mkdir(mode=0o711, exist_ok=True)
        status = directory.lstat()
        if status.st_uid != 0 or not directory.is_dir() or directory.is_symlink():
            raise PermissionError(f"{directory} must be a directory of root's")
        directory.chmod(0o711)
    return PLAY_ROOT


class Workspace:
    def __init__(self, root: Path | None = None) -> None:
        if root is not None:
            root.mkdir(parents=True, exist_ok=True)
        self.path = Path(tempfile.mkdtemp(prefix="run-", dir=root))
        self.path.chmod(0o700)
        self.trusted = self.path / "trusted"
        self.trusted.mkdir(mode=0o700)
        (self.trusted / "artifacts").mkdir(mode=0o700)
        self.play = (
            Path(tempfile.mkdtemp(prefix="play-", dir=_play_root())) if os.geteuid() == 0 else self.path / "play"
        )
        self.play.chmod(0o700)
        for name in PLAY_DIRECTORIES:
            (self.play / name).mkdir(mode=0o700)
        # ssh's control sockets need a short path (a Unix socket path has at most 107 bytes).
        self.control_dir = Path(tempfile.mkdtemp(prefix="prcp-", dir=SHORT_TMP if os.path.isdir(SHORT_TMP) else None))
        self._keys = 0
        self.owner: PlaybookUser | None = None

    @property
    def project(self) -> Path:
        return self.play / "project"

    @property
    def private_data_dir(self) -> Path:
        """ansible-runner's directory on the playbook's side (its worker runs as the playbook user)."""
        return self.play / "runner"

    @property
    def artifacts_dir(self) -> Path:
        """ansible-runner's artifacts on the runner's side: what the runner recorded of the stream."""
        return self.trusted / "artifacts"

    @property
    def known_hosts(self) -> Path:
        return self.play / "known_hosts"

    def write_play_file(self, relative: str, content: bytes, mode: int = 0o600) -> Path:
        return _write_new(self.play / relative, content, mode)

    def write_trusted_file(self, relative: str, content: bytes, mode: int = 0o600) -> Path:
        return _write_new(self.trusted / relative, content, mode)

    def write_host_key(self, key_base64: SecretStr) -> Path:
        """A host's key, for the playbook's ssh."""
        self._keys += 1
        return self.write_play_file(f"keys/key-{self._keys}", _key_bytes(key_base64))

    def write_repository_key(self, key_base64: SecretStr) -> Path:
        """The repository's key, for the runner's git only: the playbook never sees it."""
        return self.write_trusted_file("repository-key", _key_bytes(key_base64))

    def hand_over(self, user: PlaybookUser | None) -> None:
        """Give the playbook's half to its user; the run's directory stays closed to everyone else."""
        self.owner = user
        if user is None:
            return
        _chown_tree(self.play, user.uid, user.gid)
        _chown_tree(self.control_dir, user.uid, user.gid)

    def ansible_environment(self) -> dict[str, str]:
        """Keep Ansible's state out of any home directory, inside this run's playbook half."""
        return {
            "HOME": str(self.play),
            "TMPDIR": str(self.play / "tmp"),
            "ANSIBLE_HOME": str(self.play / "ansible"),
            "ANSIBLE_LOCAL_TEMP": str(self.play / "tmp"),
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
                env={"PATH": "/usr/bin:/bin"},
            )
        shutil.rmtree(self.control_dir, ignore_errors=True)
        shutil.rmtree(self.play, ignore_errors=True)
        shutil.rmtree(self.path, ignore_errors=True)
