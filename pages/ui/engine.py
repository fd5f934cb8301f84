"""The one storage engine per process (per database URL; with sign-in, one that checks roles)."""
from __future__ import annotations

import streamlit as st

from pages.ui import identity
from planning.ratelimit import RateLimiter
from planning.storage import Store, default_url


def store() -> Store:
    """The one engine per process (per database URL). Never mutate what this returns.

    With sign-in the engine checks every read and write against the acting person's role on the plan
    (enforce_access=True). The acting person is set again here, not only at the top of app.py: a widget's
    callback runs before app.py does.
    """
    if identity.signin_on():
        identity.act()
        return _guarded(default_url())
    return _store(default_url())


@st.cache_resource(show_spinner=False)
def _store(url: str) -> Store:
    return Store(url, limiter=RateLimiter.from_env())  # the brake on runaway saves, per process


@st.cache_resource(show_spinner=False)
def _guarded(url: str) -> Store:
    """Behind sign-in: every read and write of a plan is checked against the acting person's role."""
    return Store(url, enforce_access=True, limiter=RateLimiter.from_env())
