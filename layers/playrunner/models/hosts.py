"""What a job's hosts may say about themselves.

hostVars reach the generated inventory. Some connection variables make Ansible run a
program on the runner itself (a ProxyCommand, an ssh executable, extra ssh arguments), so
they are refused here, at the boundary, with the variable named.
"""

from typing import Any

from playrunner.models.types import check_host_name

CONTROLLER_COMMAND_VARS = frozenset(
    {
        "ansible_ssh_common_args",
        "ansible_ssh_extra_args",
        "ansible_ssh_executable",
        "ansible_ssh_args",
        "ansible_scp_extra_args",
        "ansible_sftp_extra_args",
        "ansible_paramiko_proxy_command",
        # Keys come only through sshPrivateKey, so a job cannot point at files on the runner.
        "ansible_ssh_private_key_file",
        "ansible_private_key_file",
    }
)
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


def check_host_vars(host_vars: dict[str, Any]) -> dict[str, Any]:
    for name, value in host_vars.items():
        if name in CONTROLLER_COMMAND_VARS:
            raise ValueError(f"hostVars may not set {name}: it would run commands on the runner")
        if name == "ansible_connection" and value not in ALLOWED_CONNECTIONS:
            allowed = ", ".join(sorted(ALLOWED_CONNECTIONS))
            raise ValueError(f"hostVars ansible_connection must be one of {allowed}, not {value!r}")
        if name in HOST_ADDRESS_VARS:
            if not isinstance(value, str):
                raise ValueError(f"hostVars {name} must be a host name or IP address")
            try:
                check_host_name(value)
            except ValueError as exc:
                raise ValueError(f"hostVars {name}: {exc}") from exc
        if _mentions_proxy_command(name) or _mentions_proxy_command(value):
            raise ValueError(f"hostVars {name} may not contain a ProxyCommand")
    return host_vars
