#!/usr/bin/env bash
# System tools the test suite uses that pip cannot provide: desktop-file-validate (Debian's
# desktop-file-utils) for the .desktop file, unshare (util-linux) for the full-disk tests, and a
# Japanese font (fonts-noto-cjk) so that Japanese text renders as users see it.
# `system_deps.sh qt` (make run): the libraries of Qt's X11 plugin instead (chatapp/qt_check.py).
# `system_deps.sh package` (make package): strip (binutils) and eu-strip (elfutils) for the
# bundle's libraries, lintian to check the packages (packaging/README.md).
# `system_deps.sh package-check`: Xvfb, xdotool and ImageMagick to start and photograph the
# installed window, desktop-file-validate and appstreamcli to validate what it installs.
set -u
missing=()
if [ "${1:-}" = qt ]; then
  read -r -a missing <<<"$(cd "$(dirname "$0")/.." && "${PY:-python3}" -m chatapp.qt_check)"
elif [ "${1:-}" = package ]; then
command -v strip >/dev/null 2>&1 || missing+=(binutils)
command -v eu-strip >/dev/null 2>&1 || missing+=(elfutils)
command -v lintian >/dev/null 2>&1 || missing+=(lintian)
elif [ "${1:-}" = package-check ]; then
command -v Xvfb >/dev/null 2>&1 || missing+=(xvfb)
command -v xdotool >/dev/null 2>&1 || missing+=(xdotool)
command -v import >/dev/null 2>&1 || missing+=(imagemagick)
command -v desktop-file-validate >/dev/null 2>&1 || missing+=(desktop-file-utils)
command -v appstreamcli >/dev/null 2>&1 || missing+=(appstream)
fc-list 2>/dev/null | grep -q "Noto Sans CJK JP" || missing+=(fonts-noto-cjk)
else
command -v desktop-file-validate >/dev/null 2>&1 || missing+=(desktop-file-utils)
command -v unshare >/dev/null 2>&1 || missing+=(util-linux)
fc-list 2>/dev/null | grep -q "Noto Sans CJK JP" || missing+=(fonts-noto-cjk)
fi
[ ${#missing[@]} -eq 0 ] && exit 0
if command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; elif sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
    echo "please install: ${missing[*]} (e.g. sudo apt-get install ${missing[*]})" >&2; exit 0
  fi
  $SUDO apt-get update -qq >/dev/null && $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "please install: ${missing[*]}" >&2
fi
exit 0
