#!/usr/bin/env bash
# Builds the benchmarks (Maven profile `bench`) and runs io.loomsocket.bench.Main; see
# bench/README.md. Arguments that start with -D become system properties of the benchmark JVM
# and of every JVM it starts (servers, clients, load generators); the others go to Main.
#
#   bench/run.sh                                   # the full mode (about 25 minutes)
#   bench/run.sh --quick                           # the quick mode (under 5 minutes)
#   bench/run.sh --only=echo --echo-connections=1000 -Dio.loomsocket.poller=hybrid
#
# The summary lines go to standard output, the build's and the progress to standard error,
# the tables to target/bench/*.md. JAVA_HOME must be a JDK 21 or later (./run sets it).
set -euo pipefail
cd "$(dirname "$0")/.."

: "${JAVA_HOME:?set JAVA_HOME to a JDK 21 or later, or run ./run bench}"
MVN_FLAGS=${MVN_FLAGS:--q}

props=()
args=()
for arg in "$@"; do
  case "$arg" in
    -D*) props+=("$arg") ;;
    *) args+=("$arg") ;;
  esac
done

# shellcheck disable=SC2086
./mvnw $MVN_FLAGS -Pbench package >&2
# The Lua binding for the lua-echo scenario: the core installed, then lua/ built on it.
if [ ! -d lua/target/classes/io/loomsocket/lua ] || [ -n "$(find lua/src/main src/main -newer lua/target/loomlua-classpath.txt -name '*.java' 2>/dev/null | head -n 1)" ]; then
  # shellcheck disable=SC2086
  ./mvnw $MVN_FLAGS install -DskipTests >&2 && ./mvnw $MVN_FLAGS -f lua/pom.xml package -DskipTests >&2
fi
classpath="target/bench-classes:target/classes:$(cat target/bench-classpath.txt)"
exec "$JAVA_HOME/bin/java" -Xmx512m "${props[@]}" -cp "$classpath" \
  io.loomsocket.bench.Main "${args[@]}"
