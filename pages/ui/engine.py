"""The one storage engine per process (per database URL)."""
from __future__ import annotations

import streamlit as st

from planning.storage import Store, default_url


def store() -> Store:
    """The one engine per process (per database URL). Never mutate what this returns."""
    return _store(default_url())


@st.cache_resource(show_spinner=False)
def _store(url: str) -> Store:
    return Store(url)
