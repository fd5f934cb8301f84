"""A real OpenID Connect provider for the browser tests, and a workbook server that signs in with it.

- `identity_provider(users)`: the `oidc-provider-mock` package's provider (authorization code flow, ID tokens
  signed with its own key, discovery document, end-session) in a thread on a free loopback port. People are
  given as {email: name}; on its authorization page the test types the person's email ("sub") and presses
  Authorize, as a person would sign in at their organisation's page. Its page loads a stylesheet from a CDN; here
  it gets a plain local page instead, so nothing leaves the machine.
- `serve_with_sign_in(db_url, issuer, tmp)`: the workbook as `make run` serves it, with a secrets file of its own
  (``--secrets.files``, so the repository's .streamlit folder is never touched) whose [auth] points at the
  provider.
"""
from __future__ import annotations

import os
import subprocess
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from tests.browser.conftest import LAUNCH, ROOT, _free_port, _stop, _wait_healthy

CLIENT_ID = "workbook-tests"
CLIENT_SECRET = "not-a-real-secret"
COOKIE_SECRET = "browser-test-cookie-secret-0123456789abcdef"
PROVIDER_NAME = "Lakeside Health account"
_LOCAL_BASE = """<!doctype html>
<html lang="en"><title>Sign in</title>
<main style="font-family: sans-serif; max-width: 40rem; margin: 2rem auto">{% block content %}{{ content }}{% endblock %}</main>
</html>"""


@contextmanager
def identity_provider(users: Mapping[str, str]) -> Iterator[str]:
    """Run the provider; yields its issuer URL (http://127.0.0.1:<port>). ``users``: {email: display name}."""
    import jinja2
    import oidc_provider_mock
    import werkzeug.serving

    app = oidc_provider_mock.app(user_claims=[
        oidc_provider_mock.User(sub=email, claims={"email": email, "email_verified": True, "name": name})
        for email, name in users.items()])
    app.jinja_env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({"_base.html": _LOCAL_BASE}),
                                                app.jinja_env.loader])
    class Quiet(werkzeug.serving.WSGIRequestHandler):
        def log_request(self, *args, **kwargs) -> None:  # one line per request would bury the test's output
            pass

    server = werkzeug.serving.make_server("127.0.0.1", 0, app, threaded=True, request_handler=Quiet)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def secrets_toml(app_base: str, issuer: str, admin_emails: tuple[str, ...] = ()) -> str:
    admins = ", ".join(f'"{e}"' for e in admin_emails)
    return f"""[auth]
redirect_uri = "{app_base}/oauth2callback"
cookie_secret = "{COOKIE_SECRET}"
client_id = "{CLIENT_ID}"
client_secret = "{CLIENT_SECRET}"
server_metadata_url = "{issuer}/.well-known/openid-configuration"

[workbook]
provider_name = "{PROVIDER_NAME}"
admin_emails = [{admins}]
"""


@contextmanager
def serve_with_sign_in(db_url: str, issuer: str, tmp: Path) -> Iterator[str]:
    """A workbook server on `db_url` whose sign-in goes to `issuer`; yields its base URL, stops it on exit."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    secrets = tmp / "secrets.toml"
    secrets.write_text(secrets_toml(base, issuer), "utf-8")
    log_path = tmp / "server-sign-in.log"
    env = dict(os.environ)
    env["WORKBOOK_DATABASE_URL"] = db_url
    env["STREAMLIT_BROWSER_GATHER_USAGE_STATS"] = "false"
    cmd = [*LAUNCH, "--server.port", str(port), "--server.headless", "true", "--server.address", "127.0.0.1",
           "--server.fileWatcherType", "none", "--secrets.files", str(secrets)]
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_healthy(proc, base, log_path)
        yield base
    finally:
        _stop(proc)
