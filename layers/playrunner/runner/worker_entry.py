"""What the playbook user runs: ansible-runner's worker, less a sleep at the end of every run.

ansible-runner closes its pexpect child (ansible-playbook) once the child has exited, and
pexpect's close then sleeps its `delayafterclose` (0.1 s) "to give the kernel time" before it
asks whether the child still lives: every run would end 0.1 s later than its playbook. A
child already reaped needs no such time, so it is closed without the sleep; a child still
running (a cancelled run) is closed as pexpect closes it.

    python -m playrunner.runner.worker_entry worker --private-data-dir DIR
"""

import sys

import pexpect


class PromptlyClosedSpawn(pexpect.spawn):
    def close(self, force: bool = True) -> None:
        if not self.closed and not self.isalive():
            self.ptyproc.delayafterclose = 0
        super().close(force)


def main() -> int:
    pexpect.spawn = PromptlyClosedSpawn  # ansible-runner calls pexpect.spawn(...)
    from ansible_runner.__main__ import main as ansible_runner_main

    return int(ansible_runner_main() or 0)


if __name__ == "__main__":
    sys.exit(main())
