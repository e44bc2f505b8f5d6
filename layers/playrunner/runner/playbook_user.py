"""Who the playbook runs as: an unprivileged user that owns nothing but its own run.

A playbook is the tenant's code, and `hosts: localhost`, lookups, `pipe` and connection
variables all run programs inside the runner. So the runner (trusted: it holds the task
token, the credentials endpoint and the run's secrets) never runs Ansible itself: it hands the
prepared workspace to one of the playbook users (`playrunner-play-N`, made in the runner's
image and by `make system-deps`) and starts Ansible as that user, with no supplementary
groups, no new privileges (no sudo) and an environment built from nothing. The trusted
process's /proc/<pid>/environ then belongs to another user and cannot be read.

On the local stack several runs share one machine, so each run holds its own user for its
whole life (a lock file per user), and everything that user still runs is killed before the
user is let go: nothing of one run survives into the next run that gets the same user.
"""

import fcntl
import os
import pwd
import shutil
import signal
import time
from dataclasses import dataclass
from pathlib import Path

PLAYBOOK_USER_PREFIX = "playrunner-play-"
PLAYBOOK_GROUP = "playrunner-play"
# Root-owned, under /run: a playbook user cannot make or hold these locks itself.
LOCK_DIR = Path("/run/playrunner-play")
# Each playbook user's home (Ansible's `~` for tasks on localhost): made empty when a run claims
# the user and removed when it lets go, so nothing passes from one run to the next.
HOME_ROOT = Path("/var/lib/playrunner/home")
# Where runs leave what their playbook user owned: the playbook halves of their workspaces
# (runner/workspace.py) and ssh's control socket directories. A run that died there leaves
# them behind; they are removed before the user serves another run.
LEFTOVER_PLACES = ((Path("/var/lib/playrunner/play"), "play-*"), (Path("/tmp"), "prcp-*"))  # noqa: S108
CLAIM_POLL_SECONDS = 0.5


@dataclass(frozen=True)
class PlaybookUser:
    name: str
    uid: int
    gid: int
    home: Path

    def command_prefix(self) -> list[str]:
        """What makes a command run as this user: setpriv (util-linux) drops every privilege."""
        return [
            "setpriv",
            f"--reuid={self.uid}",
            f"--regid={self.gid}",
            "--clear-groups",
            "--no-new-privs",
            "--",
        ]


def playbook_users() -> list[PlaybookUser]:
    users = [entry for entry in pwd.getpwall() if entry.pw_name.startswith(PLAYBOOK_USER_PREFIX)]
    return [
        PlaybookUser(entry.pw_name, entry.pw_uid, entry.pw_gid, Path(entry.pw_dir))
        for entry in sorted(users, key=lambda e: e.pw_uid)
    ]


def isolation_unavailable() -> str | None:
    """Why playbooks would run as the runner's own user here; None where each gets a user of its own."""
    if os.geteuid() != 0:
        return "the runner is not root, so it cannot start the playbook as another user"
    if not playbook_users():
        return f"there is no {PLAYBOOK_USER_PREFIX}N user (run `make system-deps` as root)"
    return None


def pids_of(uid: int) -> list[int]:
    found: list[int] = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            lines = status.read_text().splitlines()
        except OSError:
            continue
        for line in lines:
            if line.startswith("Uid:"):
                if int(line.split()[1]) == uid:
                    found.append(int(status.parent.name))
                break
    return found


def kill_everything_of(uid: int, attempts: int = 20) -> None:
    """SIGKILL every process of UID, again until none is left (a process may fork meanwhile)."""
    for _ in range(attempts):
        pids = [pid for pid in pids_of(uid) if pid != os.getpid()]
        if not pids:
            return
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                continue
        time.sleep(0.05)


class ClaimedUser:
    """A playbook user held by this run until release()."""

    def __init__(self, user: PlaybookUser, lock_fd: int) -> None:
        self.user = user
        self._lock_fd = lock_fd

    def release(self) -> None:
        kill_everything_of(self.user.uid)
        _remove_what_it_left(self.user)
        os.close(self._lock_fd)


def _remove_what_it_left(user: PlaybookUser) -> None:
    if user.home.parent == HOME_ROOT:  # never a home this module did not make
        shutil.rmtree(user.home, ignore_errors=True)
    for root, pattern in LEFTOVER_PLACES:
        for path in root.glob(pattern) if root.is_dir() else []:
            try:
                owned = path.lstat().st_uid == user.uid
            except OSError:
                continue
            if owned and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)


def _fresh_home(user: PlaybookUser) -> None:
    _remove_what_it_left(user)
    if user.home.parent != HOME_ROOT:
        return
    HOME_ROOT.mkdir(mode=0o711, parents=True, exist_ok=True)
    user.home.mkdir(mode=0o700)
    os.chown(user.home, user.uid, user.gid)


def claim_playbook_user(lock_dir: Path = LOCK_DIR, wait_seconds: float = 3600.0) -> ClaimedUser | None:
    """A playbook user of this run's own, waiting for one to be free; None where there is none."""
    if isolation_unavailable() is not None:
        return None
    lock_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    deadline = time.monotonic() + wait_seconds
    while True:
        for user in playbook_users():
            descriptor = os.open(lock_dir / user.name, os.O_CREAT | os.O_RDWR | os.O_NOFOLLOW, 0o600)
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(descriptor)
                continue
            kill_everything_of(user.uid)  # what an earlier run that died may have left
            _fresh_home(user)
            os.ftruncate(descriptor, 0)
            os.write(descriptor, str(os.getpid()).encode())  # whose it is, for clean_up_after
            return ClaimedUser(user, descriptor)
        if time.monotonic() > deadline:
            raise TimeoutError("no playbook user became free")
        time.sleep(CLAIM_POLL_SECONDS)


def _reclaim_if_free(user: PlaybookUser, descriptor: int) -> bool:
    """End what USER left, if no run holds it; whether it was free."""
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    kill_everything_of(user.uid)
    _remove_what_it_left(user)
    os.ftruncate(descriptor, 0)
    return True


def clean_up_after(runner_pid: int, lock_dir: Path = LOCK_DIR) -> None:
    """End what a runner that died left behind: its playbook user's processes and files. A user
    claimed again meanwhile is left alone (that claim ended the leftovers already)."""
    for user in playbook_users():
        try:
            descriptor = os.open(lock_dir / user.name, os.O_RDWR | os.O_NOFOLLOW)
        except OSError:
            continue
        try:
            if os.read(descriptor, 32).strip() == str(runner_pid).encode():
                _reclaim_if_free(user, descriptor)
        finally:
            os.close(descriptor)


def reclaim_free_users(lock_dir: Path = LOCK_DIR) -> None:
    """A playbook user no run holds has nothing to run: whatever it still runs or owns was left
    by runs that died (a local stack killed with its runners), and is ended now."""
    if isolation_unavailable() is not None:
        return
    lock_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    for user in playbook_users():
        descriptor = os.open(lock_dir / user.name, os.O_CREAT | os.O_RDWR | os.O_NOFOLLOW, 0o600)
        try:
            _reclaim_if_free(user, descriptor)
        finally:
            os.close(descriptor)
