#!/usr/bin/env bash
# Data-parallel training on Spark, local[1] against local[2], and the constants of the cost model
# in docs/spark.md: the per-step overhead t0 (a model so small that its compute is nothing), the
# cost of a step's weights (the 2x256 model on windows of one character), and the step time of
# two model sizes on 1 and 2 task slots, synchronous and averaging (every 8 steps).
#
#   rnn4j-bench/scripts/spark-scaling.sh [TEXT] [STEPS]      (default: tinyshakespeare, 40 steps)
#
# Needs the rnn4j-spark jar (mvn -B -ntp -q -pl rnn4j-spark -am install -DskipTests). Prints one
# line per run: the configuration and the median seconds per step over the steps after the 5th
# (the first ones include Spark's and the JIT's warm-up).
set -euo pipefail
cd "$(dirname "$0")/../.."
text="${1:-../shared/data/tinyshakespeare/input.txt}"
steps="${2:-40}"
jar=rnn4j-spark/target/rnn4j-spark-0.2.0-all.jar
[ -f "$jar" ] || { echo "build $jar first: mvn -B -ntp -q -pl rnn4j-spark -am install -DskipTests" >&2; exit 2; }
cp=$(mktemp)
(cd rnn4j-spark && mvn -B -ntp -q dependency:build-classpath -Dmdep.includeScope=provided -Dmdep.outputFile="$cp" >/dev/null)
opens="--add-modules jdk.incubator.vector"
for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
         java.util.concurrent.atomic sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
  opens="$opens --add-opens=java.base/$p=ALL-UNNAMED"
done

run() { # name slots mode extra-args...
  local name=$1 slots=$2 mode=$3; shift 3
  local log; log=$(mktemp)
  OPENBLAS_NUM_THREADS=1 java $opens -Dspark.master="local[$slots]" -Dspark.ui.enabled=false \
    -cp "$jar:$(cat "$cp")" io.rnn4j.spark.TrainLanguageModelJob --data "$text" --out "$(mktemp -u).rnn4j" \
    --partitions "$slots" --steps "$steps" --mode "$mode" --period 8 --threads-per-task 1 "$@" 2>"$log" >/dev/null
  # seconds per step: differences of the cumulative times after step 5, median
  # (step N  loss L  T s  R tok/s): seconds per step between consecutive reports (averaging reports once a round)
  awk '/^step/ {print $2, $5}' "$log" | awk -v s=5 'NR>1 && $1>s {print ($2-pt)/($1-ps)} {ps=$1; pt=$2}' | sort -g |
    awk -v name="$name" -v slots="$slots" -v mode="$mode" '{a[NR]=$1} END {
      m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2;
      printf "%-8s local[%d] %-9s median %.4f s/step over %d reports\n", name, slots, mode, m, NR }'
  rm -f "$log"
}

for slots in 1 2; do
  run overhead "$slots" sync --hidden 4 --layers 1 --embed 4 --seq-len 1 --batch "$slots"
  # the 2x256 model's weights with almost no compute: t0 plus moving and updating 4 bytes per weight
  run weights "$slots" sync --hidden 256 --layers 2 --embed 64 --seq-len 1 --batch "$slots"
  run small "$slots" sync --hidden 128 --layers 1 --embed 32 --seq-len 50 --batch 32
  run readme "$slots" sync --hidden 256 --layers 2 --embed 64 --seq-len 100 --batch 32
  run readme "$slots" averaging --hidden 256 --layers 2 --embed 64 --seq-len 100 --batch 32
done
rm -f "$cp"
