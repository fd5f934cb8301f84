"""Who is making changes: the author name recorded with every save."""
from __future__ import annotations

import streamlit as st


def author() -> str:
    return st.session_state.get("author_name", "")


def _remember_author() -> None:
    # Kept under a plain session key, not only the widget's, so it survives page switches.
    st.session_state["author_name"] = str(st.session_state.get("_author_input", "")).strip()
