#!/usr/bin/env bash
# CTC speech recognition side by side with PyTorch 1.13 + torchaudio (rnn4j-bench/peers/pytorch_speech.py):
# the same corpus and split, features, model (conv front end, bi-LSTM 2x128), optimiser, batch and
# SpecAugment masks, the same wall-time budget, 2 threads each, one after the other. Writes one JSON
# line per run to OUT/results.jsonl: the test CER, WER and whole-utterance accuracy, and training
# utterances per second (validation time included for both).
#
#   rnn4j-bench/scripts/speech-vs-pytorch.sh DATA_DIR [OUT_DIR] [SECONDS] [extra rnn4j/peer options...]
#
# e.g. FSDD:  rnn4j-bench/scripts/speech-vs-pytorch.sh ../shared/data/fsdd target/speech-fsdd 600
# Run from the project root after `mvn -B -ntp install -DskipTests`; needs /usr/bin/python3 with torch and torchaudio.
set -euo pipefail
data=$1
out=${2:-target/speech-bench}
seconds=${3:-600}
shift $(( $# < 3 ? $# : 3 ))
mkdir -p "$out"
jar="$out/rnn4j-cli.jar"
cp rnn4j-cli/target/rnn4j-cli.jar "$jar" # a copy, so that a rebuild during the run changes nothing
common=(--batch 32 --lr 0.002 --conv-channels 64 --stride 2 "$@")
results="$out/results.jsonl"
echo "rnn4j ($seconds s)" >&2
OPENBLAS_NUM_THREADS=1 java --add-modules jdk.incubator.vector -jar "$jar" speech train --data "$data" --out "$out/rnn4j.model" \
  --max-time "${seconds}s" --epochs 10000 --threads 2 --json "${common[@]}" 2> "$out/rnn4j.log" \
  | /usr/bin/python3 -c 'import json,sys; o=json.load(sys.stdin); o["tool"]="rnn4j"; print(json.dumps(o))' >> "$results"
echo "pytorch ($seconds s)" >&2
OMP_NUM_THREADS=2 OPENBLAS_NUM_THREADS=1 /usr/bin/python3 rnn4j-bench/peers/pytorch_speech.py --data "$data" \
  --max-time "$seconds" --threads 2 "${common[@]}" 2> "$out/pytorch.log" \
  | /usr/bin/python3 -c 'import json,sys; o=json.load(sys.stdin); o["tool"]="pytorch"; print(json.dumps(o))' >> "$results"
tail -n 2 "$results"
