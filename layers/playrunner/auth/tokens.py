"""Verify a Cognito ID token as API Gateway's Cognito authorizer does: signature against the
pool's JWKS, expiry, issuer, audience (the app client) and token use."""

from typing import Any

import jwt

from playrunner.errors import Unauthorized


class TokenVerifier:
    def __init__(self, *, issuer: str, audience: str, public_key: dict[str, Any]) -> None:
        """PUBLIC_KEY: the pool's signing key (a JWK), the only one a token may be signed with."""
        self._issuer = issuer
        self._audience = audience
        self._key = jwt.PyJWK(public_key, algorithm="RS256")

    def verify(self, token: str) -> dict[str, Any]:
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                self._key.key,
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
