"""The web console: static files served as they are (no build step), the same in both homes.

In AWS they sit in a private S3 bucket behind CloudFront (infra/console.py); on the local stack
the gateway serves them at CONSOLE_PATH (local/console.py). Both send the headers below; the
Content-Security-Policy allows no inline script and no origin but the console's own and the API's.
"""

from pathlib import Path

CONSOLE_PATH = "/console/"
STATIC_DIR = Path(__file__).with_name("static")
# Written beside the files in each home: where the console finds the API.
CONFIG_FILE = "config.json"

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
}


def content_security_policy(api_origin: str) -> str:
    """The console's CSP: its own files, and requests to the API at API_ORIGIN ('' = its own)."""
    connect = " ".join(filter(None, ["'self'", api_origin]))
    return "; ".join(
        [
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            f"connect-src {connect}",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
        ]
    )


HSTS_SECONDS = 63072000  # two years

# The other security headers, as CloudFront's response headers policy sets them (infra/console.py).
SECURITY_HEADERS = {
    "Strict-Transport-Security": f"max-age={HSTS_SECONDS}; includeSubDomains",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}
