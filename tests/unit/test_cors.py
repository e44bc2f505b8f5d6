"""The API names the web console's origin on its answers, and no origin when none is set."""

from playrunner.api.handler import EXPOSED_HEADERS, with_cors
from playrunner.environment import running_with
from playrunner.naming import ENV_CONSOLE_ORIGIN, ENV_FUNCTION

CONSOLE = "https://d111111abcdef8.cloudfront.net"


def test_answers_name_the_consoles_origin() -> None:
    with running_with({ENV_FUNCTION: "get_job", ENV_CONSOLE_ORIGIN: CONSOLE}):
        answer = with_cors({"statusCode": 200, "multiValueHeaders": {"Content-Type": ["application/json"]}})
    assert answer["headers"]["Access-Control-Allow-Origin"] == CONSOLE
    assert answer["headers"]["Access-Control-Expose-Headers"] == EXPOSED_HEADERS
    assert answer["multiValueHeaders"] == {"Content-Type": ["application/json"]}


def test_no_console_no_cors() -> None:
    with running_with({ENV_FUNCTION: "get_job"}):
        answer = with_cors({"statusCode": 404, "headers": {"Content-Type": "application/json"}})
    assert "Access-Control-Allow-Origin" not in answer["headers"]
