#!/usr/bin/env bash
# Installs what jjm needs that this Debian 12 machine lacks: Debian packages
# with apt-get, the page's npm packages with npm.  Safe to run again.
#
#   scripts/install-deps.sh          what `make run` needs
#   scripts/install-deps.sh --test   also what `make test` needs (Chromium, ...)
#   scripts/install-deps.sh --bench  also the benchmark's peers (PostgreSQL, nginx, wrk)
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(cmake g++ make pkg-config ccache sqlite3 libsqlite3-dev libboost-dev
          nlohmann-json3-dev libcli11-dev libsodium-dev libpq-dev
          libxlsxwriter-dev libpango1.0-dev libcairo2-dev fonts-noto-core
          libminizip-dev libexpat1-dev)
if [[ "${1:-}" == "--test" ]]; then
  packages+=(libgtest-dev libgmock-dev libbenchmark-dev chromium postgresql clang nginx strace
            poppler-utils python3-openpyxl)
fi
if [[ "${1:-}" == "--bench" ]]; then
  packages+=(postgresql nginx wrk curl)
fi
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$p")
done
# node and npm may come from outside Debian; then the commands are enough.
filtered=()
for p in "${missing[@]}"; do
  if [[ "$p" == nodejs ]] && command -v node >/dev/null 2>&1; then continue; fi
  if [[ "$p" == npm ]] && command -v npm >/dev/null 2>&1; then continue; fi
  filtered+=("$p")
done
missing=("${filtered[@]+"${filtered[@]}"}")

if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then
      sudo="sudo"
    else
      echo "install-deps: run as root, or install: apt-get install ${missing[*]}" >&2
      exit 1
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The page's packages (ECharts; Playwright's driver for the browser tests),
# pinned by web/package-lock.json.
stamp=web/node_modules/.package-lock.json
if [[ ! -f "$stamp" || web/package-lock.json -nt "$stamp" ]]; then
  echo "install-deps: npm ci in web/"
  (cd web && npm ci --no-audit --no-fund --loglevel=error)
fi
