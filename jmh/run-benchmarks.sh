#!/usr/bin/env bash
# Runs the JMH benchmarks and writes BENCHMARKS.md (repository root) with its chart.
#
#   jmh/run-benchmarks.sh                          # every benchmark, each with its own settings
#   jmh/run-benchmarks.sh PeakFlopsBench -wi 2 -i 3 -f 1   # any JMH options: a subset, fewer iterations
#   jmh/run-benchmarks.sh --no-build ...           # use jmh/target/benchmarks.jar as it is
#
# Writes jmh/results/results.json (JMH's own JSON), jmh/results/benchmarks.png and BENCHMARKS.md.
# Needs a JDK 25+: JAVA_HOME if it is one, else java on PATH, else one under /usr/lib/jvm.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

java_major() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p'; }

java_bin=""
for candidate in "${JAVA_HOME:+$JAVA_HOME/bin/java}" "$(command -v java || true)" /usr/lib/jvm/temurin-25-jdk-amd64/bin/java /usr/lib/jvm/*/bin/java; do
  [ -n "$candidate" ] && [ -x "$candidate" ] || continue
  major="$(java_major "$candidate")"
  if [ -n "$major" ] && [ "$major" -ge 25 ]; then java_bin="$candidate"; break; fi
done
if [ -z "$java_bin" ]; then
  echo "run-benchmarks: needs Java 25 or newer; none found (checked JAVA_HOME, PATH and /usr/lib/jvm)." >&2
  exit 3
fi
export JAVA_HOME="$(dirname "$(dirname "$java_bin")")"

build=1
if [ "${1:-}" = "--no-build" ]; then build=0; shift; fi
jar="$root/jmh/target/benchmarks.jar"
if [ "$build" = 1 ]; then
  ./mvnw -q -B -pl jmh -am package -DskipTests
elif [ ! -f "$jar" ]; then
  echo "run-benchmarks: $jar not found; run without --no-build to build it." >&2
  exit 3
fi

# A busy machine makes every number lower and noisier; say so rather than let it pass unnoticed.
if [ -r /proc/loadavg ]; then
  load="$(cut -d' ' -f1 /proc/loadavg)"
  cpus="$(nproc 2>/dev/null || echo 1)"
  if awk -v l="$load" -v c="$cpus" 'BEGIN { exit !(l > c / 2) }'; then
    echo "run-benchmarks: WARNING: load average $load on $cpus CPUs; other processes will distort the results." >&2
  fi
fi

out="$root/jmh/results"
mkdir -p "$out"
# Forked benchmark JVMs inherit these flags (and add their own @Fork jvmArgsAppend).
"$java_bin" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
  -jar "$jar" -rf json -rff "$out/results.json" "$@"
"$java_bin" -Djava.awt.headless=true -cp "$jar" io.m3j.bench.report.BenchmarkReport \
  "$out/results.json" "$root/BENCHMARKS.md" "$out/benchmarks.png"
