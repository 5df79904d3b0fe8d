#!/usr/bin/env bash
# Benchmarks that print figures; they are not tests and never fail a build on a slow machine.
#   bench/run.sh          all of them
#   bench/run.sh tokens   issue #2: bulk issue of 10,000 accounts, API-token authentication cost
#   bench/run.sh oauth    issue #3: refresh_token grants and introspections per second at 16 and 64 connections
#   bench/run.sh resources  issue #4: Resource API spots (get one, list 200, create) at 16 and 64 connections,
#                         with auth + limits, limits off, and both off (three servers side by side, measured in turns)
# Options (environment):
#   SECONDS_PER_PHASE=10  length of each measured load phase (all)
#   RESOURCE_ROUNDS=3     resources: rounds of one phase per configuration and token, taken in turns
#   CONNECTIONS=...       tokens: one number (16); oauth, resources: a comma-separated list (16,64)
#   WARMUP_SECONDS=5      oauth: length of a warm-up round, repeated (at most WARMUP_ROUNDS=8) until the JIT settles;
#                         resources: 2 s per operation and token per round, at most WARMUP_ROUNDS=10, until
#                         the JIT uses under 0.05 cores (a first start takes about 100 s of it)
#   INTROSPECTED=8        oauth: distinct access tokens introspected
#   OAUTH_PHASES=refresh,introspection,reference   oauth: which to run (reference: GET /oauth2/jwks, no database)
#   CUSTOMERS=...         oauth: customers (one consent each) the chains belong to; default one per chain
#   ACCOUNTS=10000 RUNS=3 ROUNDS=3   tokens: accounts per bulk issue, bulk-issue runs, load rounds
#   RESOURCE_DATA=large   resources: large (the server generates renkei.resources.data.volume=large) or
#                         insert (demo volume, then SPOTS=100000 rows into rs_spot over JDBC)
#   RESOURCE_CONFIGS=auth,limits-off,open   resources: which server configurations to run, in this order
#   RESOURCE_OPS=get-one,list-200,create     resources: which operations to measure
#   ACCESS_TOKEN=true     resources: also measure (1) with an OAuth access token
#   PAGES=5               resources: pages a list thread follows through next_cursor before starting over
#   LOAD_GENERATOR=wrk    resources: wrk (one thread, far less CPU per request than a Java client on the cores
#                         the server shares; apt-get install -y wrk) or jdk (JDK HttpClient, one thread per
#                         connection; used when wrk is not on the PATH)
#   OAUTH_HOLD_SECONDS=0  oauth: keep the seeded server up this long before the phases, for an external
#                         load tool (bench/wrk-introspect.sh); see bench/target/oauth-hold.txt
#   JAVA_OPTS=...         extra JVM options (e.g. -XX:StartFlightRecording=filename=/tmp/bench.jfr)
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-all}"
case "$what" in
  all|tokens|oauth|resources) ;;
  *) echo "usage: bench/run.sh [all|tokens|oauth|resources]" >&2; exit 2 ;;
esac
mvn -q -pl bench -am package -DskipTests -Dmaven.test.skip=true
classpath="bench/target/classes:$(cat bench/target/classpath.txt)"

run() {
  local main="$1"; shift
  java -Xms512m -Xmx2g ${JAVA_OPTS:-} -Dseconds="${SECONDS_PER_PHASE:-10}" \
    ${CONNECTIONS:+-Dconnections="$CONNECTIONS"} "$@" -cp "$classpath" "$main"
}

if [[ "$what" == all || "$what" == tokens ]]; then
  run dev.renkei.bench.TokenIssuanceBench \
    -Daccounts="${ACCOUNTS:-10000}" -Druns="${RUNS:-3}" -Drounds="${ROUNDS:-3}"
fi
if [[ "$what" == all || "$what" == oauth ]]; then
  run dev.renkei.bench.OAuthBench -Dwarmup="${WARMUP_SECONDS:-5}" -DwarmupPhases="${WARMUP_ROUNDS:-8}" -Dintrospected="${INTROSPECTED:-8}" \
    -Dphases="${OAUTH_PHASES:-refresh,introspection,reference}" \
    ${CUSTOMERS:+-Dcustomers="$CUSTOMERS"} ${OAUTH_HOLD_SECONDS:+-Dhold="$OAUTH_HOLD_SECONDS"}
fi
if [[ "$what" == all || "$what" == resources ]]; then
  run dev.renkei.bench.ResourcesBench -Dwarmup="${WARMUP_SECONDS:-2}" -DwarmupPhases="${WARMUP_ROUNDS:-10}" \
    -Ddata="${RESOURCE_DATA:-large}" -Dspots="${SPOTS:-100000}" -Dpages="${PAGES:-5}" \
    -Dconfigs="${RESOURCE_CONFIGS:-auth,limits-off,open}" -Dops="${RESOURCE_OPS:-get-one,list-200,create}" \
    -DaccessToken="${ACCESS_TOKEN:-true}" -DloadGenerator="${LOAD_GENERATOR:-wrk}" -Drounds="${RESOURCE_ROUNDS:-3}"
fi
