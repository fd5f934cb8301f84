"""Who is making changes: the author recorded with every save, and the sign-in screen.

With sign-in (an ``[auth]`` section in ``.streamlit/secrets.toml``, see planning/auth_config.py) the author is the
signed-in person, "Maria Okafor <maria@clinic.org>", never typed: :func:`gate` shows only the sign-in screen to
anyone not signed in, and sets the acting person (planning.access) first thing on every run; the sidebar says who
is signed in and offers "Sign out".

Without sign-in, the name is asked for at the top of the sidebar and remembered in this browser only, in a cookie, so a refresh
or a new tab keeps it. A link never carries it: the plan is in the URL, the name is not.

- Reading: the browser sends its cookies when a session opens; `st.context.cookies` reads them then.
- Writing: `st.context.cookies` only reads, so a tiny inline component (`st.components.v2`, no package, no build
  step) sets the cookie from the page. Its JavaScript is a constant; the name reaches it as JSON data, never as
  source code, and is percent-encoded into the cookie value.
"""
from __future__ import annotations

import re
import urllib.parse
from collections.abc import Mapping
from typing import NoReturn

import streamlit as st
import streamlit.components.v2

from pages.ui.text import NO_PATIENT_DATA, md
from planning import access, auth_config
from planning.access import Principal

COOKIE = "workbook_author"
MAX_AGE_S = 180 * 24 * 3600  # about six months: one planning cycle, until the six-month review
MAX_CHARS = 80
INPUT_KEY = "_author_input"
NAME_HELP = ("Recorded with every save you make, so the team can see who changed what. Remembered in this "
             "browser only (a cookie), never put in links you share. On a shared computer, change it to your own name.")
MISSING_HINT = "Enter your name to save changes."

# Constant source: the only changing input is `data`, a JSON object {"cookie", "name", "max_age"}.
_COOKIE_JS = """
export default function (component) {
  const data = component.data;
  if (!data || typeof data.cookie !== "string" || typeof data.name !== "string") return;
  const attrs = "; path=/; SameSite=Strict" + (window.location.protocol === "https:" ? "; Secure" : "");
  const value = encodeURIComponent(data.name);
  const now = document.cookie.split("; ").find((c) => c.startsWith(data.cookie + "="));
  if (now === data.cookie + "=" + value) return;
  if (data.name) {
    document.cookie = data.cookie + "=" + value + attrs + "; max-age=" + Number(data.max_age);
  } else {
    document.cookie = data.cookie + "=" + attrs + "; max-age=0";
  }
}
"""
_cookie_writer = streamlit.components.v2.component("workbook_author_cookie", js=_COOKIE_JS)


def clean(name: object) -> str:
    """A name as stored: plain text on one line, trimmed, at most MAX_CHARS characters."""
    text = " ".join(str(name or "").split())
    return "".join(ch for ch in text if ch.isprintable())[:MAX_CHARS]


def _from_cookie() -> str:
    try:
        raw = st.context.cookies.get(COOKIE, "")
    except Exception:  # no browser behind this session (tests, scripts)
        raw = ""
    # Anything but text (AppTest's stand-in browser answers with a mock object) means no name.
    return clean(urllib.parse.unquote(raw)) if isinstance(raw, str) else ""


# ---- sign-in ---------------------------------------------------------------------------------
APP_TITLE = "Collaborative Care Implementation Workbook"
SIGN_IN_SENTENCE = "Sign in with your organisation's account to open your team's plans."
SIGN_OUT = "Sign out"


def _secrets() -> Mapping:
    """The app's secrets as plain dicts ({} when there is no secrets.toml)."""
    secrets = st.secrets  # read at call time: AppTest puts its own in place
    if not secrets.load_if_toml_exists():
        return {}
    return secrets.to_dict()


def settings() -> auth_config.AuthConfig:
    """The sign-in settings (raises auth_config.AuthConfigError when [auth] is there but cannot work)."""
    return auth_config.from_secrets(_secrets())


def signin_on() -> bool:
    """True when sign-in is configured, or configured wrongly (then nobody gets in: never an open app)."""
    try:
        return settings().enabled
    except auth_config.AuthConfigError:
        return True


def _claims() -> dict:
    try:
        return dict(st.user.to_dict())
    except Exception:  # no script run behind this call
        return {}


def signed_in() -> Principal | None:
    """The signed-in person, or None (sign-in off, nobody signed in, or a sign-in that says no usable email)."""
    try:
        cfg = settings()
    except auth_config.AuthConfigError:
        return None
    if not cfg.enabled:
        return None
    claims = _claims()
    if not claims.get("is_logged_in"):
        return None
    try:
        return cfg.principal(claims)
    except auth_config.SignInIncomplete:
        return None


RUN = "_page_run"  # counts this session's page runs (pages/ui/access.role looks a role up once per run)


def act() -> Principal | None:
    """Make the signed-in person (or nobody) the acting person of this thread; the engine checks their role."""
    who = signed_in()
    access.set_actor(who)
    return who


def _stop_with(message: str, sign_out: bool = False) -> NoReturn:
    st.title(APP_TITLE)
    st.error(message, icon=":material/lock:")
    if sign_out and st.button(SIGN_OUT, key="sign_out_refused", icon=":material/logout:"):
        st.logout()
    st.caption(NO_PATIENT_DATA)
    st.stop()


def gate() -> Principal | None:
    """Call first on every run. Sign-in off: returns None and the app runs as for one team on one machine.
    Sign-in on: sets the acting person and returns them; anyone not signed in sees only the sign-in screen (the
    run stops here, before any page or plan)."""
    st.session_state[RUN] = st.session_state.get(RUN, 0) + 1  # what is worked out once per run is keyed on it
    access.set_actor(None)
    try:
        cfg = settings()
    except auth_config.AuthConfigError as exc:
        _stop_with(f"Sign-in is not set up correctly on this server, so nobody can open a plan yet. {exc} "
                   "(For the IT team: see the README, \"Sign-in with your identity provider\".)")
    if not cfg.enabled:
        return None
    claims = _claims()
    if not claims.get("is_logged_in"):
        sign_in_screen(cfg)
        st.stop()
    try:
        who = cfg.principal(claims)
    except auth_config.SignInIncomplete as exc:
        _stop_with(str(exc), sign_out=True)
    access.set_actor(who)
    return who


def sign_in_screen(cfg: auth_config.AuthConfig) -> None:
    """Only this, before signing in: the workbook's name, one sentence, the button, the no-patient-data line."""
    _remember_place()
    st.title(APP_TITLE)
    st.write(SIGN_IN_SENTENCE)
    for provider in cfg.providers:
        if st.button(cfg.button_label(provider), key=f"sign_in_{provider}", type="primary", icon=":material/login:"):
            st.login(None if provider == auth_config.DEFAULT_PROVIDER else provider)
    st.caption(":material/lock: " + NO_PATIENT_DATA)


def show_signed_in(who: Principal) -> None:
    """Top of the sidebar with sign-in: who is signed in, and Sign out."""
    shown = md(who.name) if who.name and who.name != who.email else ""
    st.markdown(f"Signed in as **{shown}** ({md(who.email)})" if shown else f"Signed in as **{md(who.email)}**",
                help="Every change you save is recorded under this name and email.")
    if st.button(SIGN_OUT, key="sign_out", icon=":material/logout:"):
        st.logout()


# ---- back to the link after signing in -------------------------------------------------------------
# The provider sends everyone back to the app's root address, so a plan link opened before signing in would be
# lost. The sign-in screen keeps the page and plan of the link (nothing else) in a short-lived cookie in this
# browser; the first run after signing in goes there once (app.py) and the cookie is deleted.
RETURN_COOKIE = "workbook_return"
RETURN_MAX_AGE_S = 15 * 60
_PAGE = re.compile(r"[a-z0-9][a-z0-9-]{0,60}")
_PLAN = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _place(page: str, plan: str) -> tuple[str, str] | None:
    """(page url_path, plan id) when both look like ours; an empty page means Home."""
    page = page or "home"
    if not _PAGE.fullmatch(page) or (plan and not _PLAN.fullmatch(plan)):
        return None
    return (page, plan) if (plan or page != "home") else None


def _link_here() -> tuple[str, str] | None:
    try:
        url = st.context.url
    except Exception:  # no browser behind this session
        return None
    if not isinstance(url, str):
        return None
    page = urllib.parse.urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]  # st.context.url has no query string
    plan = st.query_params.get("plan") or ""
    return _place(page, plan if isinstance(plan, str) else "")


def _remember_place() -> None:
    place = _link_here()
    if place:
        _cookie_writer(key="return_cookie", data={"cookie": RETURN_COOKIE, "name": f"{place[0]}?plan={place[1]}",
                                                  "max_age": RETURN_MAX_AGE_S})


def return_place() -> tuple[str, str] | None:
    """Once per session, right after signing in: (page url_path, plan id) of the link opened before, or None."""
    if st.session_state.get("_return_checked"):
        return None
    st.session_state["_return_checked"] = True
    try:
        raw = st.context.cookies.get(RETURN_COOKIE, "")
    except Exception:  # no browser behind this session
        raw = ""
    if not isinstance(raw, str) or not raw:
        return None
    st.session_state["_return_forget"] = True
    page, _, query = urllib.parse.unquote(raw).partition("?plan=")
    return _place(page, query)


def forget_place() -> None:
    """Delete the link's cookie once it was used (called from the sidebar; draws nothing)."""
    if st.session_state.get("_return_forget"):
        _cookie_writer(key="return_cookie_forget", data={"cookie": RETURN_COOKIE, "name": "", "max_age": 0})


# ---- the author of saves ----------------------------------------------------------------------
def author() -> str:
    """Who saves are recorded under ('' when nobody is known). With sign-in, the signed-in person ("Name <email>");
    without, the name typed in the sidebar (a new session starts from the cookie)."""
    if signin_on():
        who = signed_in()
        return who.author if who else ""
    if "author_name" not in st.session_state:
        st.session_state["author_name"] = _from_cookie()
    return st.session_state["author_name"]


def _remember_author() -> None:
    # Kept under a plain session key, not only the widget's, so it survives page switches.
    name = clean(st.session_state.get(INPUT_KEY, ""))
    st.session_state["author_name"] = name
    st.session_state["_author_changed"] = True  # this session writes the cookie from now on


def ask_name() -> None:
    """The name field (or, with sign-in, who is signed in and Sign out): call it first in the sidebar."""
    if signin_on():
        who = signed_in()
        if who is not None:
            show_signed_in(who)
        return
    name = author()
    st.text_input("Your name", value=name, key=INPUT_KEY, on_change=_remember_author, max_chars=MAX_CHARS,
                  help=NAME_HELP, placeholder="e.g. Dana Lee, CIT lead")
    if not name:
        st.caption(MISSING_HINT)


def remember_name() -> None:
    """Write the name typed in this session to this browser's cookie (call it last in the sidebar: it draws
    nothing, but takes a place in the layout). With sign-in there is no typed name to remember."""
    if signin_on():
        forget_place()
        return
    name = author()
    if st.session_state.get("_author_changed"):
        # Only a session whose user typed a name writes it: an older tab never overwrites a newer name.
        _cookie_writer(key="author_cookie", data={"cookie": COOKIE, "name": name, "max_age": MAX_AGE_S})
