#!/usr/bin/env bash
# Set up a fresh machine: Debian packages (browser tests, fonts, Virtuoso) and the Python venv.
#   bash scripts/setup.sh            # everything
#   FAZHI_NO_APT=1 bash scripts/setup.sh   # only the Python part
set -euo pipefail
cd "$(dirname "$0")/.."
APT_PACKAGES="$(grep -v '^#' scripts/apt-packages.txt | tr '\n' ' ')"
if [ -z "${FAZHI_NO_APT:-}" ] && [ -n "${APT_PACKAGES// /}" ]; then
  missing=""
  for p in $APT_PACKAGES; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
  if [ -n "$missing" ]; then
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
  fi
fi
PY="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip 2>&1 | grep -v "^WARNING: Location" || true
.venv/bin/python -m pip install -q -e ".[test]" 2>&1 | grep -v "^WARNING: Location" || true
.venv/bin/python -c "import fazhigraph, spacy, jieba, rdflib, pyoxigraph" 
