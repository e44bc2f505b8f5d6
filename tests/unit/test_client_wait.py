"""The client follows an execution by its status alone and reads its host lists once, at the end."""

from typing import Any

from playrunner.client import PlayrunnerClient


class _Answers(PlayrunnerClient):
    def __init__(self, statuses: list[str]) -> None:
        super().__init__("http://playrunner.invalid")
        self.statuses = statuses
        self.asked: list[dict[str, Any] | None] = []

    def request(self, method: str, path: str, body: Any = None, params: dict[str, Any] | None = None) -> Any:
        self.asked.append(params)
        status = self.statuses.pop(0) if params else "SUCCESS"
        return {"status": status, "hosts": [] if params else [{"host": "web1"}]}


def test_wait_polls_the_status_alone_and_reads_the_hosts_once_final() -> None:
    client = _Answers(["RUNNING", "RUNNING", "SUCCESS"])
    seen: list[str] = []
    final = client.wait("DEMO", "e-1", poll_seconds=0, on_status=lambda e: seen.append(e["status"]))
    assert client.asked == [{"hostDetails": "false"}] * 3 + [None]
    assert seen == ["RUNNING", "SUCCESS"]
    assert final["hosts"] == [{"host": "web1"}]
