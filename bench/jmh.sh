#!/usr/bin/env bash
# The JMH benchmarks of the receive and send engine over an in-memory transport, with the
# allocation per call (-prof gc). Any arguments replace the defaults and go to JMH, e.g.
#   bench/jmh.sh 'EngineBench.line.*' -prof gc -f 1 -wi 2 -i 3
set -euo pipefail
cd "$(dirname "$0")/.."

: "${JAVA_HOME:?set JAVA_HOME to a JDK 21 or later, or run ./run bench-jmh}"
MVN_FLAGS=${MVN_FLAGS:--q}
[ $# -gt 0 ] || set -- 'io.loomsocket.bench.jmh.EngineBench' -prof gc

# shellcheck disable=SC2086
./mvnw $MVN_FLAGS -Pbench package >&2
classpath="target/bench-classes:target/classes:$(cat target/bench-classpath.txt)"
exec "$JAVA_HOME/bin/java" -cp "$classpath" org.openjdk.jmh.Main "$@"
