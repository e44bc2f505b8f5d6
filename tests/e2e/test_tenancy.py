"""A token reaches only its own account: another account's jobs are 403 or 404, never data."""

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
