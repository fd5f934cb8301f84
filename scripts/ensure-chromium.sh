#!/usr/bin/env bash
# Browser tests drive Debian's chromium through Playwright. Install it when missing and apt-get is usable;
# otherwise stop with a message naming what to install.
set -euo pipefail
CHROMIUM="${WORKBOOK_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; fi
fi
if command -v apt-get >/dev/null 2>&1 && { [ "$(id -u)" -eq 0 ] || [ -n "$SUDO" ]; }; then
  echo "Installing Debian's chromium for the browser tests (one time)..."
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
  [ -x "$CHROMIUM" ] && exit 0
fi
echo "The browser tests need Chromium at $CHROMIUM." >&2
echo "Install it (Debian/Ubuntu: 'sudo apt-get install chromium'), or set WORKBOOK_CHROMIUM to its path." >&2
exit 1
