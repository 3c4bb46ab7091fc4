#!/usr/bin/env bash
# Installs the pinned openai client (package-lock.json) once into a cache folder keyed by the lock file's
# digest, and prints that folder. Offline-safe: when the folder is there, npm is not run at all; else
# `npm ci --prefer-offline` takes the tarball from npm's own cache when it has it. bin/test runs this and
# hands the folder to the tests (-Dnlulab.test.openai.client); OpenAiClientTest runs it itself otherwise.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
command -v node >/dev/null && command -v npm >/dev/null || {
  echo "install.sh: node and npm are needed (bin/test installs them: apt-get install nodejs npm)" >&2; exit 1; }
DIGEST="$(cat "$HERE/package.json" "$HERE/package-lock.json" | sha256sum | cut -c1-16)"
DIR="${NLULAB_NPM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/nlulab}/openai-client-$DIGEST"
if [[ ! -f "$DIR/node_modules/openai/package.json" ]]; then
  mkdir -p "$(dirname "$DIR")"
  TMP="$(mktemp -d "${DIR}.XXXXXX")"
  cp "$HERE/package.json" "$HERE/package-lock.json" "$TMP/"
  (cd "$TMP" && npm ci --prefer-offline --no-audit --no-fund --loglevel=error >&2)
  rm -rf "$DIR" && mv "$TMP" "$DIR"
fi
echo "$DIR"
