#!/usr/bin/env bash
# The system tools the end-to-end tests drive: tmux (a real terminal for the TUI) and a headless
# chromium (the HTML report). Installed from Debian's packages when missing and this is root on an
# apt system (CI, a fresh development machine); otherwise says what to install.
set -euo pipefail
missing=()
command -v tmux >/dev/null 2>&1 || missing+=(tmux)
if [ -z "${LABELGATE_CHROMIUM:-}" ]; then
  command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || command -v google-chrome >/dev/null 2>&1 || missing+=(chromium)
fi
[ "${#missing[@]}" -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing ${missing[*]} for the end-to-end tests" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "the end-to-end tests need: ${missing[*]} (Debian/Ubuntu: sudo apt-get install ${missing[*]}; or LABELGATE_CHROMIUM=/path/to/chrome)" >&2
  exit 1
fi
