"""POST /authentication/login: exchange a username and password for a bearer token."""

from playrunner.api.handler import lambda_handler_for
from playrunner.api.router import Router
from playrunner.api.routes import route
from playrunner.composition.login import cognito_login
from playrunner.models.auth import LoginRequest, LoginResponse

router = Router()


@router.serve(route("login"), tags=("authentication",))
def login(credentials: LoginRequest) -> LoginResponse:
    return cognito_login().login(credentials.username, credentials.password)


lambda_handler = lambda_handler_for(router)
