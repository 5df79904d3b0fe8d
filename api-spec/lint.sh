#!/usr/bin/env bash
# Lints the OpenAPI documents with Spectral (spectral:oas, .spectral.yaml: fails on any error or
# warning) and Redocly CLI (recommended rules: fails on errors; its warnings are listed). The
# tools are installed with npm into api-spec/target/node, never globally. Needs Node 20+.
set -euo pipefail
cd "$(dirname "$0")"

SPECTRAL_VERSION=6.16.3
REDOCLY_VERSION=2.77.0
NODE_DIR=target/node
BIN=$NODE_DIR/node_modules/.bin
export REDOCLY_TELEMETRY=off NO_UPDATE_NOTIFIER=1

installed() { # package version
  grep -qs "\"version\": \"$2\"" "$NODE_DIR/node_modules/$1/package.json"
}
if ! installed @stoplight/spectral-cli "$SPECTRAL_VERSION" || ! installed @redocly/cli "$REDOCLY_VERSION"; then
  echo "== installing @stoplight/spectral-cli@$SPECTRAL_VERSION and @redocly/cli@$REDOCLY_VERSION into api-spec/$NODE_DIR"
  mkdir -p "$NODE_DIR"
  npm --prefix "$NODE_DIR" install --no-audit --no-fund --no-save --loglevel=error \
    "@stoplight/spectral-cli@$SPECTRAL_VERSION" "@redocly/cli@$REDOCLY_VERSION"
fi

DOCS=(src/main/resources/openapi/token-issuance.yaml src/main/resources/openapi/authorization.yaml
      src/main/resources/openapi/resources.yaml src/main/resources/openapi/common.yaml)

echo "== spectral lint (spectral:oas)"
"$BIN/spectral" lint --ruleset .spectral.yaml --fail-severity warn "${DOCS[@]}"

echo "== redocly lint (recommended)"
# common.yaml has no operations of its own: Redocly checks it through the documents' $refs.
"$BIN/redocly" lint --format stylish "${DOCS[@]:0:3}"
