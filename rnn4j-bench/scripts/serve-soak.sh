#!/usr/bin/env bash
# Soak check of `rnn4j serve` (issue #21; not part of CI): serves MODEL (a character language model
# file), warms it with a 2-minute soak, notes the heap after a full GC and the live threads, runs
# the soak for MINUTES more (io.rnn4j.bench.ServeSoak: good and bad requests, random hang-ups),
# waits for idle sessions to expire, and checks again: unexpected answers, heap growth, threads
# left running request code (from a thread dump, kept as soak-threads.txt).
#   rnn4j-bench/scripts/serve-soak.sh MODEL [MINUTES=30] [WORKERS=16]
# Needs the built jars (mvn -B -ntp install -DskipTests) and the JDK's jcmd on the PATH.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
model=$1; minutes=${2:-30}; workers=${3:-16}
port=${SOAK_PORT:-8131}; url=http://127.0.0.1:$port; ttl=60
name=$(basename "${model%.*}")
bench="$here/rnn4j-bench/target/rnn4j-benchmarks.jar"
out=${SOAK_OUT:-.}

"$here/rnn4j" serve --model "$model" --port "$port" --max-body 65536 --session-ttl ${ttl}s --max-sessions 1024 \
  > "$out/soak-server.log" 2>&1 &
server=$!
trap 'kill -TERM $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf "$url/readyz" >/dev/null && break; sleep 0.2; done
jvm=$(pgrep -f "rnn4j-cli.jar serve --model $model --port $port" | head -1)

heap_after_gc() {
  jcmd "$jvm" GC.run >/dev/null
  sleep 1
  curl -s "$url/metrics" | awk '/^jvm_memory_used_bytes[{]area="heap"/ {s += $NF} END {printf "%.0f", s}'
}
threads() { curl -s "$url/metrics" | awk '/^jvm_threads_live_threads / {printf "%.0f", $NF}'; }

echo "warm-up: 2 minutes of the same mix"
java -cp "$bench" io.rnn4j.bench.ServeSoak "$url" "$name" 2 "$workers" 65536 > "$out/soak-warmup.log" || true
sleep $((ttl + 15))
heap0=$(heap_after_gc); threads0=$(threads)
echo "after warm-up: heap after GC $((heap0 / 1048576)) MiB, live threads $threads0"

set +e
java -cp "$bench" io.rnn4j.bench.ServeSoak "$url" "$name" "$minutes" "$workers" 65536 | tee "$out/soak.log"
status=${PIPESTATUS[0]}
set -e
echo "waiting $((ttl + 15)) s for idle sessions to expire"
sleep $((ttl + 15))
heap1=$(heap_after_gc); threads1=$(threads)
jcmd "$jvm" Thread.print > "$out/soak-threads.txt"
busy=$(grep -c 'io.rnn4j.serve.\(GenerateRoute\|SessionRoutes\|Route\)' "$out/soak-threads.txt" || true)
open=$(curl -s "$url/metrics" | awk '/^rnn4j_sessions_open / {printf "%.0f", $NF}')
echo "after the soak: heap after GC $((heap1 / 1048576)) MiB ($(awk -v a="$heap0" -v b="$heap1" 'BEGIN {printf "%+.1f", 100 * (b - a) / a}') %)," \
  "live threads $threads1 (was $threads0), threads in request code $busy, open sessions $open"
[ "$status" = 0 ] && [ "$busy" = 0 ] && [ "$open" = 0 ] && echo "soak: PASS" || { echo "soak: FAIL"; exit 1; }
