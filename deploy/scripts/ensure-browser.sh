#!/usr/bin/env bash
# Makes a browser for the console's end-to-end tests available; prints its path.
# Installs Debian's chromium and a CJK font when missing (needs root, as CI and developer machines have): without
# fonts-wqy-zenhei every Chinese glyph renders as a box. Playwright's own browser download is never used.
set -euo pipefail

find_browser() {
  local candidate
  for candidate in chromium chromium-browser; do
    if command -v "$candidate" >/dev/null 2>&1; then readlink -f "$(command -v "$candidate")"; return 0; fi
  done
  return 1
}

has_cjk_font() { fc-list :lang=zh 2>/dev/null | grep -q .; }

if ! browser=$(find_browser) || ! has_cjk_font; then
  echo "chromium or a CJK font not found: installing Debian's chromium and fonts-wqy-zenhei" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq chromium fonts-wqy-zenhei >&2
  browser=$(find_browser)
fi
echo "$browser"
