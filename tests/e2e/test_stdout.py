"""A large stdout read back through the API: a page of bytes at a time, and whole through
pre-signed URLs, byte for byte."""

import base64

import requests

from tests.e2e.stack import RunningStack

PLAYBOOK = base64.b64encode(b"- hosts: all\n  gather_facts: false\n  tasks:\n    - ping:\n").decode()
# 20 MB of output with characters of 1 to 4 bytes, so that pages end in the middle of some, and a
# page of the largest escapes 3 times over in the function's JSON answer.
LINE = "ok: [web1] => é ∑ 🎉 done\n"
BIG = (LINE * (20_000_000 // len(LINE.encode()) + 1)).encode()


def an_ended_execution(stack: RunningStack, token: str) -> tuple[str, str]:
    """(job id, execution id) of a one-host run that has ended SUCCESS."""
    document = {"playbook": PLAYBOOK, "hosts": [{"id": "web1", "hostVars": {"ansible_connection": "local"}}]}
    job_id = stack.call("POST", "/jobs/DEMO", token, json=document).json()["id"]
    execution_id = stack.call("POST", f"/jobs/DEMO/{job_id}/start", token, json={}).json()["execution_id"]
    assert stack.wait_for_status(token, job_id, execution_id, {"SUCCESS", "FAILURE"})["status"] == "SUCCESS"
    return job_id, execution_id


def test_twenty_megabytes_of_stdout_read_in_pages_and_through_urls(stack: RunningStack, token: str) -> None:
    # Given an execution whose first run printed a little, and a second run that printed 20 MB
    job_id, execution_id = an_ended_execution(stack, token)
    s3, bucket = stack.aws("s3"), stack.state["resources"]["artifacts_bucket"]
    first = s3.get_object(Bucket=bucket, Key=f"stdout/DEMO/{execution_id}/0001-0000.txt")["Body"].read()
    s3.put_object(Bucket=bucket, Key=f"stdout/DEMO/{execution_id}/0002-0000.txt", Body=BIG)
    path = f"/jobs/DEMO/{job_id}/executions/{execution_id}/stdout"

    # When it is read a page at a time, each from where the one before said to go on
    read, offset, pages = b"", 0, 0
    while True:
        answer = stack.call("GET", f"{path}?offset={offset}&limit=2000000", token)
        assert answer.status_code == 200, answer.text[:500]
        assert int(answer.headers["X-Stdout-Total-Size"]) == len(first) + len(BIG)
        read += answer.content
        pages += 1
        if "X-Stdout-Next-Offset" not in answer.headers:
            break
        offset = int(answer.headers["X-Stdout-Next-Offset"])
        assert offset == len(read)  # no character cut in two, none left out

    # Then the pages hold every byte of both runs, in order
    assert pages >= 11
    assert read == first + BIG

    # And each run is fetched whole through its pre-signed URL
    links = stack.call("GET", f"{path}/url", token).json()
    assert [(run["run"], run["size"]) for run in links["runs"]] == [(1, len(first)), (2, len(BIG))]
    fetched = b"".join(requests.get(run["url"], timeout=60).content for run in links["runs"])
    assert fetched == first + BIG
    assert 0 < links["expires_in"] <= 3600


def test_the_largest_page_of_the_widest_characters_fits_in_a_lambda_answer(stack: RunningStack, token: str) -> None:
    job_id, execution_id = an_ended_execution(stack, token)
    widest = "🎉".encode() * 1_000_000  # 4 MB, every character 4 bytes
    stack.aws("s3").put_object(
        Bucket=stack.state["resources"]["artifacts_bucket"],
        Key=f"stdout/DEMO/{execution_id}/0002-0000.txt",
        Body=widest,
    )
    path = f"/jobs/DEMO/{job_id}/executions/{execution_id}/stdout"
    answer = stack.call("GET", f"{path}?offset=0&limit=2000000", token)
    assert answer.status_code == 200, answer.text[:300]
    assert len(answer.content) <= 2_000_000


def test_a_page_past_the_end_is_empty(stack: RunningStack, token: str) -> None:
    job_id, execution_id = an_ended_execution(stack, token)
    answer = stack.call("GET", f"/jobs/DEMO/{job_id}/executions/{execution_id}/stdout?offset=99999999999", token)
    assert (answer.status_code, answer.text) == (200, "")
    assert "X-Stdout-Next-Offset" not in answer.headers
