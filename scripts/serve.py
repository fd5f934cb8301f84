"""Start the workbook with Streamlit: `python scripts/serve.py [streamlit run options]` (what `make run` does).

Streamlit still honours the legacy `pages/` folder routing until a run calls st.navigation. On the first run
after a server start, a deep link such as /readiness?plan=... would then flash a "Page not found" dialog
before app.py takes over. We use st.navigation only, so switch the legacy routing off before the server
starts.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import cli

    PagesManager.uses_pages_directory = False
    sys.argv = ["streamlit", "run", str(ROOT / "app.py"), *sys.argv[1:]]
    sys.exit(cli.main())


if __name__ == "__main__":
    main()
