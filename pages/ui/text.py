"""Showing team-entered text safely, and dates and file names in plain form."""
from __future__ import annotations

import re
from datetime import datetime

NO_PATIENT_DATA = ("This workbook stores planning information only: never enter patient names, record "
                   "numbers or other patient details.")


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])")
WORD_JOINER = "\u2060"  # invisible; placed where it stops markdown from turning an address into a link
_AUTOLINK = re.compile(r"(?i)(?<=www)(?=\\\.)|(?<=\\:)(?=//)|(?=@)")


def md(text: str) -> str:
    """Escape team-entered text for st.markdown/st.caption: shown exactly as typed.

    No HTML, no markdown tricks, no entities (``&amp;`` stays ``&amp;``), and no web or email address turned
    into a link (a word joiner, which nobody sees, breaks the pattern the markdown renderer links).
    """
    escaped = _MD_SPECIAL.sub(r"\\\1", str(text))
    return _AUTOLINK.sub(WORD_JOINER, escaped).replace("\n", "  \n")


def cell_text(value) -> str:
    """A data_editor cell as text: empty cells come back as None or NaN, which mean ''."""
    return value.strip() if isinstance(value, str) else ""


def when(iso: str) -> str:
    """'2026-11-25T10:40:25+00:00' -> '25 Nov 2026, 10:40 UTC'."""
    if not iso:
        return ""
    try:
        d = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    return d.strftime("%d %b %Y, %H:%M UTC").lstrip("0")


def safe_filename(text: str) -> str:
    s = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    return s[:60] or "plan"
