"""The reverse-proxy headers docs/security.md recommends, Content-Security-Policy included, do not break the app.

The headers are added to every response by Playwright's request interception (standing in for nginx), and pages
of the example plan are opened: each must finish its run with no policy violation and no script error."""
from __future__ import annotations

import re
from pathlib import Path

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, VIEWPORT, seed_example
from tests.browser.test_journey import wait_idle

ROOT = Path(__file__).resolve().parents[2]
PAGES = ("home", "readiness", "sustainment", "team", "metric-log", "action-plan", "reports", "access")


def proxy_headers() -> dict[str, str]:
    """The add_header lines of the nginx snippet in docs/security.md, as a header -> value map."""
    doc = (ROOT / "docs" / "security.md").read_text(encoding="utf-8")
    snippet = doc.split("```nginx", 1)[1].split("```", 1)[0]
    return {name.lower(): value for name, value in re.findall(r'add_header (\S+) "([^"]*)" always;', snippet)}


def test_the_recommended_headers_and_policy_leave_every_page_working(app_url, app_db_url, chromium):
    headers = proxy_headers()
    assert {"content-security-policy", "x-frame-options", "strict-transport-security"} <= set(headers)
    pid = seed_example(app_db_url, "Headers check")
    problems: list[str] = []
    # a second browser from the session's Playwright (a second sync Playwright cannot start inside its loop), with
    # fulfilled responses allowed to reach the loopback server (they count as coming from outside this machine)
    browser = chromium.browser_type.launch(executable_path=CHROMIUM, args=[
        *CHROMIUM_ARGS, "--disable-features=LocalNetworkAccessChecks,PrivateNetworkAccessSendPreflights"])
    try:
        context = browser.new_context(viewport=VIEWPORT)

        def add_headers(route) -> None:
            response = route.fetch()
            route.fulfill(response=response, headers={**response.headers, **headers})

        context.route("**/*", add_headers)
        page = context.new_page()
        page.add_init_script("document.addEventListener('securitypolicyviolation', e => console.error("
                             "'policy violation: ' + e.violatedDirective + ' ' + e.blockedURI))")
        page.on("console", lambda m: problems.append(m.text) if "policy" in m.text.lower() else None)
        page.on("pageerror", lambda e: problems.append(f"script error: {e}"))
        for path in PAGES:
            page.goto(f"{app_url}/{path}?plan={pid}")
            wait_idle(page)
            assert page.get_by_test_id("stException").count() == 0, path
        page.goto(f"{app_url}/readiness?plan={pid}")
        wait_idle(page)
        page.locator(".js-plotly-plot").first.wait_for()  # a chart is drawn under the policy
        seen = list(problems)
        # the policy is in force: a script tag put into the page (as injected HTML would) does not run
        assert page.evaluate("() => { const s = document.createElement('script'); s.textContent = 'window.x = 1';"
                             " document.body.appendChild(s); return window.x === 1 ? 'ran' : 'blocked'; }") \
            == "blocked"
    finally:
        browser.close()
    assert seen == []
