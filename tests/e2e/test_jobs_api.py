"""The jobs API over HTTP on the local stack: login, CRUD, paging and errors."""

import pytest

from playrunner.naming import MAX_BODY_BYTES
from tests.e2e.jobs import job_document
from tests.e2e.stack import RunningStack


def test_login_answers_the_runner_shape(stack: RunningStack) -> None:
    answer = stack.call("POST", "/authentication/login", json={"username": "admin", "password": stack.password})
    assert answer.status_code == 200
    body = answer.json()
    assert body["userName"] == "admin"
    assert body["accountAlias"] == "DEMO"
    assert body["roles"] == ["admin"]
    assert body["bearerToken"].count(".") == 2


def test_bad_credentials_are_401(stack: RunningStack) -> None:
    answer = stack.call("POST", "/authentication/login", json={"username": "admin", "password": "wrong-Pass-1"})
    assert answer.status_code == 401
    assert answer.json()["error_code"] == "BAD_CREDENTIALS"


def test_create_list_get_update_delete(stack: RunningStack, token: str) -> None:
    # Given a new job
    created = stack.call("POST", "/jobs/DEMO", token, json=job_document(properties={"tier": "web"}))
    assert created.status_code == 201, created.text
    job = created.json()
    assert job["accountAlias"] == "DEMO"
    assert job["status"] == "ACTIVE"
    assert job["executionTtl"] == 180
    assert {link["ref"] for link in job["links"]} >= {"self", "start", "executions"}

    # When it is read, listed and replaced
    assert stack.call("GET", f"/jobs/DEMO/{job['id']}", token).json()["properties"] == {"tier": "web"}
    listed = stack.call("GET", "/jobs/DEMO?page=0&size=100", token).json()
    assert job["id"] in [j["id"] for j in listed["results"]]
    assert listed["totalSize"] >= 1
    replaced = stack.call("PUT", f"/jobs/DEMO/{job['id']}", token, json=job_document(description="v2"))
    assert replaced.status_code == 200, replaced.text
    assert replaced.json()["description"] == "v2"
    assert replaced.json()["createdTime"] == job["createdTime"]
    assert replaced.json()["lastUpdatedTime"] >= job["lastUpdatedTime"]

    # Then deleting it makes it 404
    assert stack.call("DELETE", f"/jobs/DEMO/{job['id']}", token).status_code == 204
    gone = stack.call("GET", f"/jobs/DEMO/{job['id']}", token)
    assert gone.status_code == 404
    assert gone.json()["error_code"] == "JOB_NOT_FOUND"
    assert stack.call("DELETE", f"/jobs/DEMO/{job['id']}", token).status_code == 404


def test_lists_are_newest_first_and_paged(stack: RunningStack, token: str) -> None:
    ids = [stack.call("POST", "/jobs/DEMO", token, json=job_document()).json()["id"] for _ in range(3)]
    first = stack.call("GET", "/jobs/DEMO?page=0&size=2", token).json()
    second = stack.call("GET", "/jobs/DEMO?page=1&size=2", token).json()
    assert [j["id"] for j in first["results"]] == ids[::-1][:2]
    assert second["results"][0]["id"] == ids[0]
    assert first["size"] == 2
    assert second["page"] == 1


def test_next_token_walks_a_list_and_a_made_up_one_is_a_400(stack: RunningStack, token: str) -> None:
    # Given an account with more jobs than one page holds
    for _ in range(5):
        stack.call("POST", "/jobs/DEMO", token, json=job_document())
    total = stack.call("GET", "/jobs/DEMO?size=1", token).json()["totalSize"]

    # When its list is walked two at a time by nextToken
    seen: list[str] = []
    answer = stack.call("GET", "/jobs/DEMO?size=2", token).json()
    while True:
        seen.extend(job["id"] for job in answer["results"])
        if answer.get("nextToken") is None:
            break
        answer = stack.call("GET", f"/jobs/DEMO?size=2&nextToken={answer['nextToken']}", token).json()

    # Then every job came exactly once, and a token the list never gave is refused
    assert len(seen) == len(set(seen)) == total >= 5
    made_up = stack.call("GET", "/jobs/DEMO?nextToken=bm90LWEtdG9rZW4", token)
    assert (made_up.status_code, made_up.json()["error_code"]) == (400, "INVALID_NEXT_TOKEN")


def test_a_job_too_large_to_store_is_a_413_and_nothing_is_written(stack: RunningStack, token: str) -> None:
    # Given a body within the API's limit with one host whose hostVars alone would not fit in an item
    # (a job's hosts are kept in chunks beside it: many hosts fit, one host too large cannot)
    before = stack.call("GET", "/jobs/DEMO?size=1", token).json()["totalSize"]
    hosts = [{"id": "web001", "hostVars": {"note": "x" * 2_000}}, {"id": "web002", "hostVars": {"note": "x" * 450_000}}]
    answer = stack.call("POST", "/jobs/DEMO", token, json=job_document(hosts=hosts))

    # Then it is refused with a reason, and the account's jobs are as they were
    assert (answer.status_code, answer.json()["error_code"]) == (413, "ITEM_TOO_LARGE"), answer.text[:300]
    assert "400 KB" in answer.json()["error_msg"]
    assert stack.call("GET", "/jobs/DEMO?size=1", token).json()["totalSize"] == before


@pytest.mark.parametrize("query", ["size=0", "size=101", "page=-1", "size=ten"])
def test_page_parameters_out_of_range_are_400(stack: RunningStack, token: str, query: str) -> None:
    answer = stack.call("GET", f"/jobs/DEMO?{query}", token)
    assert answer.status_code == 400
    assert answer.json()["error_code"] == "VALIDATION_ERROR"


def test_client_mistakes_are_4xx_with_the_error_envelope(stack: RunningStack, token: str) -> None:
    json_header = {"Content-Type": "application/json"}
    cases = {
        "malformed": stack.call("POST", "/jobs/DEMO", token, data="{not json", headers=json_header),
        "wrong type": stack.call("POST", "/jobs/DEMO", token, json=job_document(executionTtl="soon")),
        "unknown field": stack.call("POST", "/jobs/DEMO", token, json=job_document(colour="blue")),
        "bad host": stack.call("POST", "/jobs/DEMO", token, json=job_document(hosts=[{"id": "web*"}])),
        "not json": stack.call(
            "POST",
            "/jobs/DEMO",
            token,
            data="a=b",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        ),
        "too large": stack.call("POST", "/jobs/DEMO", token, data="x" * (MAX_BODY_BYTES + 1), headers=json_header),
        "array body": stack.call("POST", "/jobs/DEMO", token, json=[1, 2]),
        "unknown job": stack.call("GET", "/jobs/DEMO/does-not-exist", token),
        "unknown route": stack.call("GET", "/nowhere", token),
        "wrong method": stack.call("PATCH", "/jobs/DEMO", token, json={}),
    }
    expected = {
        "malformed": (400, "MALFORMED_JSON"),
        "wrong type": (400, "VALIDATION_ERROR"),
        "unknown field": (400, "VALIDATION_ERROR"),
        "bad host": (400, "VALIDATION_ERROR"),
        "not json": (415, "UNSUPPORTED_MEDIA_TYPE"),
        "too large": (413, "PAYLOAD_TOO_LARGE"),
        "array body": (400, "VALIDATION_ERROR"),
        "unknown job": (404, "JOB_NOT_FOUND"),
        "unknown route": (404, "ROUTE_NOT_FOUND"),
        "wrong method": (405, "METHOD_NOT_ALLOWED"),
    }
    for name, answer in cases.items():
        body = answer.json()
        assert (answer.status_code, body["error_code"]) == expected[name], (name, answer.text)
        assert body["error_msg"], name
    details = cases["unknown field"].json()["details"]
    assert {"field": "colour", "reason": "unknown field"} in details


def test_a_rejected_create_writes_nothing(stack: RunningStack, token: str) -> None:
    before = stack.call("GET", "/jobs/DEMO", token).json()["totalSize"]
    stack.call("POST", "/jobs/DEMO", token, json=job_document(hosts=[{"id": "a b"}]))
    stack.call("POST", "/jobs/DEMO?immediate=maybe", token, json=job_document())
    assert stack.call("GET", "/jobs/DEMO", token).json()["totalSize"] == before


def test_tokens_are_verified(stack: RunningStack, token: str) -> None:
    header, payload, signature = token.split(".")
    tampered = f"{header}.{payload}.{signature[:-4]}AAAA"
    for bad in (None, "not-a-jwt", tampered):
        answer = stack.call("GET", "/jobs/DEMO", bad) if bad else stack.call("GET", "/jobs/DEMO")
        assert answer.status_code == 401, bad
        assert answer.json()["error_code"] == "UNAUTHORIZED"


def test_the_openapi_document_is_served(stack: RunningStack) -> None:
    document = stack.call("GET", "/openapi.json").json()
    assert document["openapi"].startswith("3.")
    assert "/jobs/{accountAlias}/{jobId}" in document["paths"]


def test_callback_urls_into_the_runners_neighbourhood_are_refused(stack: RunningStack, token: str) -> None:
    for url, rule in [
        ("http://169.254.169.254/latest/meta-data", "link-local"),
        ("https://10.0.0.1/hook", "RFC 1918"),
        ("http://2130706433/hook", "decimal, octal or hexadecimal"),
    ]:
        answer = stack.call("POST", "/jobs/DEMO", token, json=job_document(callbacks=[url]))
        assert (answer.status_code, answer.json()["error_code"]) == (400, "UNSAFE_CALLBACK_URL"), answer.text
        assert rule in answer.json()["error_msg"]
    file_url = stack.call("POST", "/jobs/DEMO", token, json=job_document(callbacks=["file:///etc/passwd"]))
    assert file_url.status_code == 400
    # The local stack calls receivers on this machine back (`serve --no-loopback-callbacks` refuses them)
    local = stack.call("POST", "/jobs/DEMO", token, json=job_document(callbacks=["http://127.0.0.1:9/hook"]))
    assert local.status_code == 201, local.text
