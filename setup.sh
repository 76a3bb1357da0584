#!/usr/bin/env bash
# One command to install everything (system packages included) and then:
#   bash setup.sh start [ARGS...]   start the assistant (ARGS go to `assistant`)
#   bash setup.sh test              run every check: ruff, mypy, the architecture contract and the whole test suite
# Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")"

action="${1:-start}"
[ $# -gt 0 ] && shift

# Debian/Ubuntu packages the assistant and its tests need.
# Speech: libportaudio2 for sounddevice; pulseaudio for the virtual audio device the tests use;
# espeak-ng, flite, festival and sox make the audio fixtures; pocketsphinx-testdata holds real recordings;
# libspandsp2 and multimon-ng are the DTMF receivers ours is checked against; zbar-tools reads
# back the QR codes we draw; asterisk-core-sounds-en-wav and -es-wav are real recorded phone menus (a human
# voice, English and Spanish) for the live line's tests and bench/recorded_line.py, and with
# asterisk-moh-opsound-wav (real music on hold) the recorded queues of the hold tests and bench. The window (Qt for Python) needs OpenGL, fontconfig, xkbcommon and the
# X11/xcb libraries Qt's wheels do not bundle, and a font to draw with.
APT_PACKAGES=(python3 python3-venv python3-pip tzdata libportaudio2 pulseaudio pulseaudio-utils
              espeak-ng flite festival festvox-kallpc16k sox pocketsphinx-testdata libspandsp2 multimon-ng zbar-tools
              asterisk-core-sounds-en-wav asterisk-core-sounds-es-wav asterisk-moh-opsound-wav
              libgl1 libegl1 libfontconfig1 libdbus-1-3 libglib2.0-0 libxkbcommon0 libxkbcommon-x11-0
              libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-randr0 libxcb-render-util0
              libxcb-image0 libxcb-xkb1 fonts-dejavu-core)

say() { printf '[setup] %s\n' "$*" >&2; }

install_system_packages() {
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      say "not root and no sudo: skipping apt-get; install these yourself if missing: ${APT_PACKAGES[*]}"
      return 0
    fi
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    say "no apt-get here (not Debian/Ubuntu): install these yourself if missing: ${APT_PACKAGES[*]}"
    return 0
  fi
  say "installing system packages: ${APT_PACKAGES[*]}"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${APT_PACKAGES[@]}" >/dev/null
}

pick_python() {
  local candidate
  for candidate in python3 python3.13 python3.12 python3.11 /usr/bin/python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      command -v "$candidate"
      return 0
    fi
  done
  say "no Python 3.11 or newer with venv found; install python3 (3.11+) and python3-venv"
  exit 1
}

install_python_packages() {
  if [ ! -x .venv/bin/python ]; then
    local python
    python="$(pick_python)"
    say "creating .venv with $python"
    "$python" -m venv .venv
  fi
  say "installing the assistant and its test tools into .venv"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[test]"
}

install_system_packages
install_python_packages
# The sentence model learns the menu's phrases once (about 15 s the first time, then instant).
say "preparing the sentence model for the menu's phrases (about 15 s the first time)"
.venv/bin/assistant menu prepare >/dev/null || say "the sentence model is not ready; requests are matched by their words only"

case "$action" in
  start)
    exec .venv/bin/assistant "$@"
    ;;
  test)
    say "ruff"
    .venv/bin/ruff check assistant tests bench docs
    say "mypy"
    .venv/bin/mypy
    say "lint-imports (the architecture contract in pyproject.toml)"
    .venv/bin/lint-imports --no-logo
    say "pytest"
    status=0
    .venv/bin/python -m pytest "$@" || status=$?
    if [ "$status" -eq 5 ]; then
      say "pytest collected no tests: that is a failure, not a pass"
      exit 1
    fi
    exit "$status"
    ;;
  *)
    say "unknown action '$action': use 'bash setup.sh start' or 'bash setup.sh test'"
    exit 2
    ;;
esac
