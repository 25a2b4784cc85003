#!/usr/bin/env bash
# Makes PostgreSQL server binaries available for tests and local runs; prints the folder holding initdb.
# Installs Debian's postgresql package when initdb is missing (needs root, as CI and developer machines have).
set -euo pipefail

find_bindir() {
  if command -v initdb >/dev/null 2>&1; then dirname "$(readlink -f "$(command -v initdb)")"; return 0; fi
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
  done
  return 1
}

if ! bindir=$(find_bindir); then
  echo "initdb not found: installing Debian's postgresql package" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  bindir=$(find_bindir)
fi

# initdb refuses to run as root; the tests run the server as this user.
if [ "$(id -u)" = "0" ] && ! id postgres >/dev/null 2>&1; then
  useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres >&2
fi
echo "$bindir"
