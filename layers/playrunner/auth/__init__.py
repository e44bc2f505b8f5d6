"""Authentication: Cognito login, token verification, users, and the caller's claims."""
