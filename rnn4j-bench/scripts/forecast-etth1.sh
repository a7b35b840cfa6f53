#!/usr/bin/env bash
# SegRNN on ETTh1 by the long-horizon protocol (8,640/2,880/2,880 rows, every series, look-back
# 720, horizons 96-720) and the Informer univariate one (OT alone, horizons 24-720), trained by
# MAE as rnn4j forecast train's default, each run epoch-limited (default 8 epochs, about 14
# minutes on 2 cores for all 7 series), scored on every
# test window and on the windows SegRNN's released code scored (its test loader dropped the last
# partial batch of 256).
#
#   rnn4j-bench/scripts/forecast-etth1.sh ../shared/data/ett-small/ETTh1.csv OUT [EPOCHS] [multi|uni|both]
# MULTI_HORIZONS and UNI_HORIZONS (space-separated) choose fewer horizons.
set -euo pipefail
csv=${1:?usage: forecast-etth1.sh ETTh1.csv OUT [EPOCHS] [multi|uni|both]}
out=${2:?usage: forecast-etth1.sh ETTh1.csv OUT [EPOCHS] [multi|uni|both]}
epochs=${3:-8}
which=${4:-both}
here=$(cd "$(dirname "$0")/../.." && pwd)
jar="$here/rnn4j-bench/target/rnn4j-benchmarks.jar"
mkdir -p "$out"
run() {
  OPENBLAS_NUM_THREADS=1 java --add-modules jdk.incubator.vector -cp "$jar" io.rnn4j.bench.SegRnnEtt "$csv" "$@" loss=mae \
    2> >(grep -v WARNING >&2) | tee -a "$out/segrnn.log"
}
if [[ $which != uni ]]; then
  for h in ${MULTI_HORIZONS:-96 192 336 720}; do run "$h" "epochs=$epochs"; done
fi
if [[ $which != multi ]]; then
  for h in ${UNI_HORIZONS:-24 48 168 336 720}; do
    w=48; (( h % 48 == 0 )) || w=24
    run "$h" series=OT "segment=$w" "epochs=$epochs"
  done
fi
grep '^RESULT' "$out/segrnn.log"
