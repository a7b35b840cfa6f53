#!/usr/bin/env bash
# The recurrent forecasters other than SegRNN on ETTh1's oil temperature by the Informer protocol
# (8,640/2,880/2,880 rows, horizons 24, 48, 168, 336, 720), through rnn4j forecast train:
#   lstma      the LSTM encoder-decoder with Bahdanau attention, direct (Informer's LSTMa row)
#   recursive  the same, feeding each forecast back (one-step model applied H times)
#   darnn      DA-RNN, OT from its past and the six load series as drivers
# each with look-back 96, 64 units, the command's other defaults, at most EPOCHS epochs (default 6)
# and MAX_TIME (default 12m) per run; one JSON line per run in OUT/results.jsonl.
#
#   rnn4j-bench/scripts/forecast-informer-rnns.sh ../shared/data/ett-small/ETTh1.csv OUT [EPOCHS]
# MODELS and HORIZONS (space-separated) choose fewer; THREADS (default 2) sets --threads.
set -euo pipefail
csv=${1:?usage: forecast-informer-rnns.sh ETTh1.csv OUT [EPOCHS]}
out=${2:?usage: forecast-informer-rnns.sh ETTh1.csv OUT [EPOCHS]}
epochs=${3:-6}
here=$(cd "$(dirname "$0")/../.." && pwd)
jar="$here/rnn4j-cli/target/rnn4j-cli.jar"
mkdir -p "$out"
for model in ${MODELS:-lstma recursive darnn}; do
  case $model in
    lstma) args=(--model encoder-decoder --attention) ;;
    recursive) args=(--model encoder-decoder --attention --recursive) ;;
    darnn) args=(--model darnn) ;;
    *) echo "unknown model $model" >&2; exit 2 ;;
  esac
  for h in ${HORIZONS:-24 48 168 336 720}; do
    OPENBLAS_NUM_THREADS=1 java --add-modules jdk.incubator.vector -jar "$jar" forecast train --csv "$csv" \
      --split 8640,2880,2880 --target OT --lookback 96 --horizon "$h" "${args[@]}" --epochs "$epochs" \
      --max-time "${MAX_TIME:-12m}" --threads "${THREADS:-2}" --out "$out/$model-$h.model" --json \
      2> >(grep -v WARNING > "$out/$model-$h.log") \
      | python3 -c 'import json,sys; r=json.load(sys.stdin); r["model"]=sys.argv[1]; print(json.dumps(r))' "$model" \
      | tee -a "$out/results.jsonl"
  done
done
