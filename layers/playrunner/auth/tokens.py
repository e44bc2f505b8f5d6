"""Verify a Cognito ID token as API Gateway's Cognito authorizer does: signature against the
pool's JWKS, expiry, issuer, audience (the app client) and token use."""

from typing import Any

import jwt

from playrunner.errors import Unauthorized


class TokenVerifier:
    def __init__(self, *, issuer: str, audience: str, jwks_url: str) -> None:
        self._issuer = issuer
        self._audience = audience
        self._jwks = jwt.PyJWKClient(jwks_url, cache_keys=True)

    def verify(self, token: str) -> dict[str, Any]:
        try:
            signing_key = self._jwks.get_signing_key_from_jwt(token)
            claims: dict[str, Any] = jwt.decode(
                token,
                signing_key.key,
                algorithms=["RS256"],
                audience=self._audience,
                issuer=self._issuer,
                options={"require": ["exp", "iat", "aud", "iss", "token_use"]},
            )
        except jwt.PyJWTError as exc:
            raise Unauthorized(f"the Bearer token is not valid: {exc}") from exc
        if claims.get("token_use") != "id":
            raise Unauthorized("the Bearer token must be the ID token returned by login")
        return claims


def issuer_for(region: str, user_pool_id: str) -> str:
    return f"https://cognito-idp.{region}.amazonaws.com/{user_pool_id}"
