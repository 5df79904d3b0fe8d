#!/usr/bin/env bash
# Introspection and the JWKS reference measured by wrk (apt-get install -y wrk), which costs far
# less CPU per request than the Java load generator of OAuthBench, against a server that
# OAuthBench seeded and holds:
#   OAUTH_HOLD_SECONDS=120 OAUTH_PHASES=introspection bench/run.sh oauth &   # wait for "HOLD"
#   bench/wrk-introspect.sh            # CONNECTIONS=16,64 SECONDS_PER_PHASE=10 THREADS=1 WARMUP_SECONDS=10
set -euo pipefail
cd "$(dirname "$0")/.."
hold=bench/target/oauth-hold.txt
[[ -f "$hold" ]] || { echo "no $hold: start OAuthBench with OAUTH_HOLD_SECONDS first" >&2; exit 2; }
base=$(sed -n 1p "$hold")
authorization=$(sed -n 2p "$hold")
script=$(mktemp --suffix=.lua)
trap 'rm -f "$script"' EXIT
{
  echo 'wrk.method = "POST"'
  echo "wrk.headers[\"Authorization\"] = \"$authorization\""
  echo 'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"'
  echo 'local tokens = {'
  sed -n '3,$p' "$hold" | sed 's/.*/  "&",/'
  echo '}'
  cat <<'LUA'
local i = 0
request = function()
  i = i + 1
  return wrk.format(nil, nil, nil, "token=" .. tokens[(i % #tokens) + 1] .. "&token_type_hint=access_token")
end
inactive = 0
response = function(status, headers, body)
  if status ~= 200 or not string.find(body, '"active":true', 1, true) then inactive = inactive + 1 end
end
local threads = {}
setup = function(thread) table.insert(threads, thread) end
done = function(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("inactive") end
  io.write(string.format("  not 200/active: %d\n", total))
end
LUA
} > "$script"
threads="${THREADS:-1}"
seconds="${SECONDS_PER_PHASE:-10}"
wrk -t"$threads" -c16 -d"${WARMUP_SECONDS:-10}"s -s "$script" "$base/oauth2/introspect" > /dev/null
IFS=',' read -ra counts <<< "${CONNECTIONS:-16,64}"
for c in "${counts[@]}"; do
  echo "== POST /oauth2/introspect, $c connections, $threads wrk thread(s), ${seconds} s"
  wrk -t"$threads" -c"$c" -d"${seconds}"s --latency -s "$script" "$base/oauth2/introspect" | grep -E "Requests/sec|^ +(50|90|99)%|not 200|Non-2xx|Socket errors"
  echo "== GET /oauth2/jwks (reference), $c connections"
  wrk -t"$threads" -c"$c" -d"${seconds}"s --latency "$base/oauth2/jwks" | grep -E "Requests/sec|^ +(50|90|99)%|Non-2xx|Socket errors"
done
