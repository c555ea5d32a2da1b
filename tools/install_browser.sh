#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests when it is missing (needs root or sudo).
set -euo pipefail
# Chromium, plus fonts so that the Chinese summaries and emoji render in the screenshots.
missing=""
[ -x /usr/bin/chromium ] || missing="chromium"
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing="$missing fonts-noto-cjk"
fc-list 2>/dev/null | grep -qi "Noto Color Emoji" || missing="$missing fonts-noto-color-emoji"
if [ -z "$missing" ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "The browser tests need Chromium at /usr/bin/chromium; install it with your package manager (Debian/Ubuntu: apt-get install chromium)." >&2
  exit 1
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "Installing for the browser tests: apt-get install$missing"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
