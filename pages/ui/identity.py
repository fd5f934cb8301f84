"""Who is making changes: the author name recorded with every save.

The name is asked for at the top of the sidebar and remembered in this browser only, in a cookie, so a refresh
or a new tab keeps it. A link never carries it: the plan is in the URL, the name is not.

- Reading: the browser sends its cookies when a session opens; `st.context.cookies` reads them then.
- Writing: `st.context.cookies` only reads, so a tiny inline component (`st.components.v2`, no package, no build
  step) sets the cookie from the page. Its JavaScript is a constant; the name reaches it as JSON data, never as
  source code, and is percent-encoded into the cookie value.
"""
from __future__ import annotations

import urllib.parse

import streamlit as st
import streamlit.components.v2

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


def author() -> str:
    """The name saves are recorded under ('' when none was given). A new session starts from the cookie."""
    if "author_name" not in st.session_state:
        st.session_state["author_name"] = _from_cookie()
    return st.session_state["author_name"]


def _remember_author() -> None:
    # Kept under a plain session key, not only the widget's, so it survives page switches.
    name = clean(st.session_state.get(INPUT_KEY, ""))
    st.session_state["author_name"] = name
    st.session_state["_author_changed"] = True  # this session writes the cookie from now on


def ask_name() -> None:
    """The name field: call it first in the sidebar."""
    name = author()
    st.text_input("Your name", value=name, key=INPUT_KEY, on_change=_remember_author, max_chars=MAX_CHARS,
                  help=NAME_HELP, placeholder="e.g. Dana Lee, CIT lead")
    if not name:
        st.caption(MISSING_HINT)


def remember_name() -> None:
    """Write the name typed in this session to this browser's cookie (call it last in the sidebar: it draws
    nothing, but takes a place in the layout)."""
    name = author()
    if st.session_state.get("_author_changed"):
        # Only a session whose user typed a name writes it: an older tab never overwrites a newer name.
        _cookie_writer(key="author_cookie", data={"cookie": COOKIE, "name": name, "max_age": MAX_AGE_S})
