#!/usr/bin/env bash
# Runs the JMH benchmarks and writes BENCHMARKS.md (repository root) with its chart.
#
#   jmh/run-benchmarks.sh                          # the full plan below (about 40 minutes on 2 cores)
#   jmh/run-benchmarks.sh PeakFlopsBench -wi 2 -i 3 -f 1   # any JMH options: one run, a subset, fewer iterations
#   jmh/run-benchmarks.sh --no-build ...           # use jmh/target/benchmarks.jar as it is
#
# The full plan is several JMH runs, each writing jmh/results/NN-name.json (JMH's own JSON):
# ONNX Runtime is measured once, at FP32 (it always runs the FP32 file), and m3j's BF16/INT8 are
# compared with that; the 8192-token M3Bench runs (one text takes from half a minute to minutes)
# get one warm-up and two measured operations. With JMH options, one run writes
# jmh/results/results.json. Either way the JSON files become BENCHMARKS.md and
# jmh/results/benchmarks.png.
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
jmh() { # $1 = JSON file, then JMH arguments. Forked benchmark JVMs add their own @Fork jvmArgsAppend.
  local json="$1"; shift
  "$java_bin" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
    -jar "$jar" -rf json -rff "$json" "$@"
}
if [ "$#" -gt 0 ]; then
  jmh "$out/results.json" "$@"
  files=("$out/results.json")
else
  rm -f "$out"/[0-9][0-9]-*.json
  jmh "$out/01-peak.json" PeakFlopsBench
  jmh "$out/02-gemm.json" GemmBench -wi 2 -i 3
  jmh "$out/03-encoder-fp32.json" EncoderBench -p precision=fp32
  jmh "$out/04-encoder-quantized.json" EncoderBench -p engine=m3j -p precision=bf16,int8
  jmh "$out/05-m3.json" M3Bench -p tokens=56,512
  jmh "$out/06-m3-8192.json" M3Bench -p tokens=8192 -wi 1 -i 2
  jmh "$out/07-tokenizer.json" TokenizerBench
  files=("$out"/[0-9][0-9]-*.json)
fi
"$java_bin" -Djava.awt.headless=true -cp "$jar" io.m3j.bench.report.BenchmarkReport \
  "${files[@]}" "$root/BENCHMARKS.md" "$out/benchmarks.png"
