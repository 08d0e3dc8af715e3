#!/usr/bin/env bash
# Installs the Debian packages crisismap needs, only when one is missing, so
# `make demo` / `make test` are quick on a machine that already has them.
#
#   Tools/install-deps.sh            build and run: SpatiaLite, PROJ, SQLite, Cairo (and a font), FFTW, zlib,
#                                    and osmium-tool, which the road-import tests use to write real .osm.pbf files
#   Tools/install-deps.sh bench      also GDAL's ogr2ogr, the import benchmark's peer, and wrk
#   Tools/install-deps.sh api-fuzz   also Python's venv, for schemathesis (from PyPI)
#   Tools/install-deps.sh browser    also Chromium and its WebDriver, and Python's venv, for Selenium (from PyPI)
set -euo pipefail

packages=(pkg-config libsqlite3-dev libspatialite-dev libsqlite3-mod-spatialite libproj-dev proj-data zlib1g-dev
          libcairo2-dev libfftw3-dev fonts-dejavu-core osmium-tool)
case "${1:-}" in
    bench) packages+=(gdal-bin hyperfine time wrk postgresql-15 postgresql-15-pgrouting); python3 -c 'import venv, ensurepip' 2>/dev/null || packages+=(python3 python3-venv) ;;
    api-fuzz)
        # A python3 that can already make a venv (pyenv's, say) needs nothing from apt.
        if ! python3 -c 'import venv, ensurepip' 2>/dev/null; then packages+=(python3 python3-venv); fi ;;
    browser)
        packages+=(chromium chromium-driver)
        if ! python3 -c 'import venv, ensurepip' 2>/dev/null; then packages+=(python3 python3-venv); fi ;;
esac

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "Installing missing system packages: ${missing[*]}" >&2
sudo=()
if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
    sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
