"""What a job's variables may say, from whichever source they come.

hostVars, properties, job parameters and their defaults, workflow and run variables, and the
set_stats data one workflow task hands the next all reach Ansible, and any of them can set a
connection variable (extra vars even beat hostVars). Some connection and become variables make
Ansible run a program on the runner itself (a ProxyCommand, an ssh or become executable, extra
ssh arguments), so the same rule refuses them from every source, naming the variable and where
it came from.

This list is a guard rail, not the boundary: the playbook itself is code and runs as an
unprivileged user of its own (runner/playbook_user.py), whatever its variables say.
"""

from collections.abc import Callable
from typing import Any

from playrunner.models.types import check_host_name

CONTROLLER_COMMAND_VARS = frozenset(
    {
        "ansible_ssh_common_args",
        "ansible_ssh_extra_args",
        "ansible_ssh_args",
        "ansible_scp_extra_args",
        "ansible_sftp_extra_args",
        "ansible_paramiko_proxy_command",
        "ansible_become_flags",
        # Keys come only through sshPrivateKey, so a job cannot point at files on the runner.
        "ansible_ssh_private_key_file",
        "ansible_private_key_file",
    }
)
# ansible_become_exe, ansible_sudo_exe, ansible_ssh_executable, ansible_shell_executable, ...:
# each names a program Ansible starts.
COMMAND_SUFFIXES = ("_exe", "_executable")
# Real hosts need to say where their Python is: this one stays allowed.
ALWAYS_ALLOWED = frozenset({"ansible_python_interpreter"})
ALLOWED_CONNECTIONS = frozenset({"ssh", "local", "paramiko", "smart"})
HOST_ADDRESS_VARS = frozenset({"ansible_host", "ansible_ssh_host"})


def _mentions_proxy_command(value: Any) -> bool:
    if isinstance(value, str):
        return "proxycommand" in value.lower()
    if isinstance(value, dict):
        return any(_mentions_proxy_command(k) or _mentions_proxy_command(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_mentions_proxy_command(v) for v in value)
    return False


def _runs_a_command(name: str) -> bool:
    if name in ALWAYS_ALLOWED:
        return False
    return name in CONTROLLER_COMMAND_VARS or (name.startswith("ansible_") and name.endswith(COMMAND_SUFFIXES))


def check_variables(variables: dict[str, Any], source: str) -> dict[str, Any]:
    """VARIABLES unchanged, or ValueError naming the variable and SOURCE (e.g. "hostVars")."""
    for name, value in variables.items():
        if _runs_a_command(name):
            raise ValueError(f"{source} may not set {name}: it would run commands on the runner")
        if name == "ansible_connection" and value not in ALLOWED_CONNECTIONS:
            allowed = ", ".join(sorted(ALLOWED_CONNECTIONS))
            raise ValueError(f"{source} ansible_connection must be one of {allowed}, not {value!r}")
        if name in HOST_ADDRESS_VARS:
            if not isinstance(value, str):
                raise ValueError(f"{source} {name} must be a host name or IP address")
            try:
                check_host_name(value)
            except ValueError as exc:
                raise ValueError(f"{source} {name}: {exc}") from exc
        if _mentions_proxy_command(name) or _mentions_proxy_command(value):
            raise ValueError(f"{source} {name} may not contain a ProxyCommand")
    return variables


def check_host_vars(host_vars: dict[str, Any]) -> dict[str, Any]:
    return check_variables(host_vars, "hostVars")


def checker(source: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """An AfterValidator for a dict of variables from SOURCE."""
    return lambda variables: check_variables(variables, source)
