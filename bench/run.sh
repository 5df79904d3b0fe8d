#!/usr/bin/env bash
# Issue #2 benchmark: bulk issue of 10,000 accounts, and API-token authentication cost at
# 16 connections. Prints figures; it is not a test and never fails a build on a slow machine.
# Options: ACCOUNTS=10000 CONNECTIONS=16 SECONDS_PER_PHASE=10 RUNS=3 ROUNDS=3 bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -pl bench -am package -DskipTests -Dmaven.test.skip=true
exec java -Xms512m -Xmx2g \
  -Daccounts="${ACCOUNTS:-10000}" -Dconnections="${CONNECTIONS:-16}" \
  -Dseconds="${SECONDS_PER_PHASE:-10}" -Druns="${RUNS:-3}" -Drounds="${ROUNDS:-3}" \
  -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.renkei.bench.TokenIssuanceBench
