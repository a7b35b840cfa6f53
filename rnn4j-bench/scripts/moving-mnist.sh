#!/usr/bin/env bash
# The Moving MNIST comparison: the ConvLSTM encoder-forecaster against a fully connected LSTM
# encoder-decoder, each trained for the same wall-clock budget (MINUTES, default 30) on the same
# machine at the same time (one thread each, so the two cores are shared evenly), then both scored
# on the same test videos with copying the last frame beside them, and a frame strip of each.
#
#   rnn4j-bench/scripts/moving-mnist.sh ../shared/data/mnist OUT [MINUTES]
#
# Data (rnn4j video moving-mnist): 10,000 training videos from MNIST's training digits (seed 1),
# 200 validation videos from the training digits (seed 2), 1,000 test videos from the test digits
# (seed 4); 20 frames of 64x64 each, the first 10 read and the last 10 predicted.
# CONVLSTM_ARGS and FCLSTM_ARGS add options to each model's training.
set -euo pipefail
mnist=${1:?usage: moving-mnist.sh MNIST_DIR OUT [MINUTES]}
out=${2:?usage: moving-mnist.sh MNIST_DIR OUT [MINUTES]}
minutes=${3:-30}
here=$(cd "$(dirname "$0")/../.." && pwd)
jar=${RNN4J_JAR:-$here/rnn4j-cli/target/rnn4j-cli.jar}
mkdir -p "$out"
rnn4j() { OPENBLAS_NUM_THREADS=1 java --add-modules jdk.incubator.vector -jar "$jar" "$@" 2> >(grep -v WARNING >&2); }
[[ -f $out/train.npy ]] || rnn4j video moving-mnist --mnist "$mnist" --part train --sequences 10000 --seed 1 --out "$out/train.npy"
[[ -f $out/validation.npy ]] || rnn4j video moving-mnist --mnist "$mnist" --part train --sequences 200 --seed 2 --out "$out/validation.npy"
[[ -f $out/test.npy ]] || rnn4j video moving-mnist --mnist "$mnist" --part test --sequences 1000 --seed 4 --out "$out/test.npy"
train() {
  local model=$1; shift
  rnn4j video train --model "$model" --data "$out/train.npy" --validation "$out/validation.npy" --epochs 1000 \
    --max-time "${minutes}m" --threads 1 --out "$out/$model.model" --json "$@" > "$out/$model.train.json" 2> "$out/$model.log"
  rnn4j video eval --model "$out/$model.model" --data "$out/test.npy" --threads 1 --json --strip "$out/$model-strip.png" \
    > "$out/$model.test.json"
}
# shellcheck disable=SC2086
train convlstm ${CONVLSTM_ARGS:-} &
# shellcheck disable=SC2086
train fc-lstm ${FCLSTM_ARGS:-} &
wait
for model in convlstm fc-lstm; do echo "$model $(tr -d '\n ' < "$out/$model.test.json")"; done
