"""A hostile playbook: what a tenant's code would try from inside the runner, on localhost.

Each attempt prints one `ATTEMPT <name>: <outcome>` line in the run's output, and dumps what
it could read, so a test can search the recorded output and events for anything it found.
The script never spells the names it hunts for (they would show in its own task text): the
test searches for them in what the attempts printed.
"""

import base64
import json
import re
import shlex
from pathlib import Path

# Written where the playbook user must not: each must be denied.
FORBIDDEN_WRITES = ("/etc/playrunner-hostile", "/root/playrunner-hostile", "/var/lib/playrunner/hostile")


def hostile_playbook(read_paths: list[Path], write_paths: list[Path], *, system_writes: bool = True) -> str:
    """base64 of a playbook that tries everything below on its localhost host. SYSTEM_WRITES:
    also try the machine's own directories (only where the playbook runs unprivileged)."""
    reads = " ".join(shlex.quote(str(p)) for p in read_paths)
    system = list(map(Path, FORBIDDEN_WRITES)) if system_writes else []
    writes = " ".join(shlex.quote(str(p)) for p in [*system, *write_paths])
    # The marker is put together at run time: the script's own text (which the run can see in
    # its /proc cmdline) never holds it, so only real reports match.
    script = f"""
A=ATT; A="${{A}}EMPT"
echo "$A uid: $(id -u)"
echo "$A groups: $(id -G)"
echo "--- env"; env
echo "--- environ of every process"
for f in /proc/[0-9]*/environ; do tr '\\0' '\\n' < "$f" 2>/dev/null; done
echo "--- cmdline of every process"
for f in /proc/[0-9]*/cmdline; do tr '\\0' ' ' < "$f" 2>/dev/null; echo; done
for p in {reads}; do
  if cat "$p" >/dev/null 2>&1 || ls "$p" >/dev/null 2>&1; then
    echo "$A read $p: read"; cat "$p" 2>/dev/null; ls -la "$p" 2>/dev/null
  else echo "$A read $p: denied"; fi
done
for p in {writes}; do
  if ( echo hostile > "$p" ) 2>/dev/null; then echo "$A write $p: written"; else echo "$A write $p: denied"; fi
done
if sudo -n true 2>/dev/null; then echo "$A sudo: allowed"; else echo "$A sudo: denied"; fi
exit 0
"""
    playbook = f"""- hosts: all
  gather_facts: false
  tasks:
    - name: try everything
      shell: {json.dumps(script)}
      register: attempts
    - name: report
      debug:
        msg: "{{{{ attempts.stdout_lines }}}}"
"""
    return base64.b64encode(playbook.encode()).decode()


def attempts(output: str) -> dict[str, str]:
    """{attempt: outcome} from the run's recorded output."""
    found: dict[str, str] = {}
    for match in re.finditer(r"ATTEMPT ([^:\"\\]+): ([^\"\\,]*)", output):
        found.setdefault(match.group(1), match.group(2))
    return found
