"""A token reaches only its own account: another account's jobs are 403 or 404, never data; and
the local stack is no skeleton key (its own signing key, its own ports no callback)."""

import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jwt as pyjwt

from playrunner.naming import ACCOUNT_ALIAS_CLAIM
from tests.e2e.jobs import job_document
from tests.e2e.stack import RunningStack


def test_a_demo_token_never_reads_another_accounts_job(stack: RunningStack, token: str) -> None:
    # Given a user of account OTHER (added while the stack runs) and a job of theirs
    stack.add_user("OTHER", "olga", "Olga-Pass-123!")
    other_token = stack.login("olga", "Olga-Pass-123!")
    other_job = stack.call("POST", "/jobs/OTHER", other_token, json=job_document(description="OTHER's secret plan"))
    assert other_job.status_code == 201
    job_id = other_job.json()["id"]

    # When the DEMO token asks for it by OTHER's path, or by its id under DEMO
    attempts = [
        stack.call("GET", f"/jobs/OTHER/{job_id}", token),
        stack.call("GET", "/jobs/OTHER", token),
        stack.call("PUT", f"/jobs/OTHER/{job_id}", token, json=job_document()),
        stack.call("DELETE", f"/jobs/OTHER/{job_id}", token),
        stack.call("GET", f"/jobs/DEMO/{job_id}", token),
        stack.call("DELETE", f"/jobs/DEMO/{job_id}", token),
    ]

    # Then each answer is 403 or 404 and none carries the job's data
    assert [a.status_code for a in attempts] == [403, 403, 403, 403, 404, 404]
    for answer in attempts:
        assert "secret plan" not in answer.text
    assert job_id not in str(stack.call("GET", "/jobs/DEMO", token).json())
    # And OTHER's job is untouched
    assert stack.call("GET", f"/jobs/OTHER/{job_id}", other_token).json()["description"] == "OTHER's secret plan"


def _signed_with_motos_own_key(claims: dict[str, Any]) -> str:
    from joserfc import jwk, jwt
    from moto.utilities.utils import load_resource

    key = jwk.RSAKey.import_key(load_resource("cognitoidp/resources/jwks-private.json"))
    return str(jwt.encode({"kid": "dummy", "alg": "RS256"}, claims, key))


def test_a_token_signed_with_the_key_moto_ships_is_refused(stack: RunningStack, token: str) -> None:
    # Given a real token's claims, moved to another account and signed with moto's packaged key
    claims = pyjwt.decode(token, options={"verify_signature": False})
    for forged_claims in (claims, {**claims, ACCOUNT_ALIAS_CLAIM: "OTHER"}):
        forged = _signed_with_motos_own_key(forged_claims)
        # When it is used, as is or for the other account, it is refused; the real one still works
        for path in ("/jobs/DEMO", "/jobs/OTHER"):
            answer = stack.call("GET", path, forged)
            assert (answer.status_code, answer.json()["error_code"]) == (401, "UNAUTHORIZED"), answer.text
    assert stack.call("GET", "/jobs/DEMO", token).status_code == 200
    # And the data directory holds the stack's own key, private to it
    key_file = stack.data_dir / "token-signing-key.json"
    assert key_file.stat().st_mode & 0o077 == 0


def test_the_stacks_own_ports_are_no_callback(stack: RunningStack, token: str) -> None:
    moto = urlsplit(stack.state["aws_endpoint"])
    gateway = urlsplit(stack.url)
    for url in (f"http://127.0.0.1:{moto.port}/moto-api/reset", f"http://localhost:{gateway.port}/jobs/DEMO"):
        answer = stack.call("POST", "/jobs/DEMO", token, json=job_document(callbacks=[url]))
        assert (answer.status_code, answer.json()["error_code"]) == (400, "UNSAFE_CALLBACK_URL"), answer.text


def test_serving_beyond_loopback_needs_a_flag(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "playrunner.cli", "serve", "--host", "0.0.0.0", "--data-dir", str(tmp_path)]  # noqa: S104
    refused = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert refused.returncode == 2
    assert "--expose" in refused.stderr


def test_the_become_exe_and_job_params_routes_are_400s_naming_the_variable(stack: RunningStack, token: str) -> None:
    # Given a job that declares no parameters
    job = stack.call("POST", "/jobs/DEMO", token, json=job_document()).json()
    bypass = {"ansible_connection": "local", "ansible_become": True, "ansible_become_exe": "id>/tmp/x; exit 0; sudo"}
    cases = [
        ({"hosts": [{"id": "extra", "hostVars": bypass}]}, "hostVars may not set ansible_become_exe"),
        ({"jobParams": [{"name": "ansible_ssh_common_args", "value": "-oProxyCommand=id"}]}, "jobParams may not set"),
    ]
    for body, reason in cases:
        answer = stack.call("POST", f"/jobs/DEMO/{job['id']}/start", token, json=body)
        assert (answer.status_code, answer.json()["error_code"]) == (400, "VALIDATION_ERROR"), answer.text
        assert reason in answer.text
    # And nothing was started
    assert stack.call("GET", f"/jobs/DEMO/{job['id']}/executions", token).json()["totalSize"] == 0
