#!/usr/bin/env bash
# FSDD leave-one-speaker-out: for each of the 6 speakers, `rnn4j speech train --hold-out-speaker S`
# (conv front end 64/stride 2, bi-LSTM 2x128, batch 32, lr 0.002) for SECONDS of training on 1 thread,
# two folds at a time on the 2 cores; prints each fold's test line and the mean accuracies.
#
#   rnn4j-bench/scripts/speech-fsdd-loso.sh [OUT_DIR] [SECONDS]
#
# Run from the project root after `mvn -B -ntp install -DskipTests`.
set -euo pipefail
out=${1:-target/speech-loso}
seconds=${2:-300}
data=${SHARED:-../shared/data}/fsdd
mkdir -p "$out"
jar="$out/rnn4j-cli.jar"
cp rnn4j-cli/target/rnn4j-cli.jar "$jar"
export OPENBLAS_NUM_THREADS=1
fold() {
  java --add-modules jdk.incubator.vector -jar "$jar" speech train --data "$data" --hold-out-speaker "$1" \
    --out "$out/$1.model" --max-time "${seconds}s" --epochs 10000 --threads 1 --batch 32 --lr 0.002 \
    --conv-channels 64 --stride 2 --json 2> "$out/$1.log" > "$out/$1.json"
}
for pair in "george jackson" "lucas nicolas" "theo yweweler"; do
  set -- $pair
  fold "$1" & fold "$2" & wait
done
/usr/bin/python3 - "$out" <<'PY'
import json, os, sys
rows = []
for s in ["george", "jackson", "lucas", "nicolas", "theo", "yweweler"]:
    t = json.load(open(os.path.join(sys.argv[1], s + ".json")))["test"]
    rows.append(t)
    print(f"{s:9s} utterances {t['utterances']}  CER {100*t['cer']:.2f}%  exact {100*t['accuracy']:.2f}%  digit {100*t['digit_accuracy']:.2f}%")
print(f"mean      exact {100*sum(r['accuracy'] for r in rows)/6:.2f}%  digit {100*sum(r['digit_accuracy'] for r in rows)/6:.2f}%"
      f"  CER {100*sum(r['cer'] for r in rows)/6:.2f}%")
PY
