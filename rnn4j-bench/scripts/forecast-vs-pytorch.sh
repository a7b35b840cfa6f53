#!/usr/bin/env bash
# Training speed of the SegRNN forecaster, rnn4j against PyTorch 1.13 in the same run: the same
# model (ETTh1, all 7 series, look-back 720, horizon H, segments of 48, 512 GRU units, dropout
# 0.5), the same batches (256 windows) and optimiser (Adam), EPOCHS epochs each, validation off,
# training time only. Needs python3-torch (apt-get install -y python3-torch).
#
#   rnn4j-bench/scripts/forecast-vs-pytorch.sh ../shared/data/ett-small/ETTh1.csv OUT [EPOCHS] [H]
set -euo pipefail
csv=${1:?usage: forecast-vs-pytorch.sh ETTh1.csv OUT [EPOCHS] [H]}
out=${2:?usage: forecast-vs-pytorch.sh ETTh1.csv OUT [EPOCHS] [H]}
epochs=${3:-3}
h=${4:-96}
here=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$out"
OMP_NUM_THREADS=2 OPENBLAS_NUM_THREADS=1 /usr/bin/python3 "$here/rnn4j-bench/peers/pytorch_segrnn.py" "$csv" --horizon "$h" \
  --epochs "$epochs" --threads 2 --validate 0 | tee "$out/pytorch.log"
OPENBLAS_NUM_THREADS=1 java --add-modules jdk.incubator.vector -cp "$here/rnn4j-bench/target/rnn4j-benchmarks.jar" \
  io.rnn4j.bench.SegRnnEtt "$csv" "$h" "epochs=$epochs" validate=false loss=mse 2> >(grep -v WARNING >&2) | tee "$out/rnn4j.log"
py=$(grep -o '([0-9.]* epochs/s)' "$out/pytorch.log" | tr -dc '0-9.')
rj=$(grep -o '([0-9.]* epochs/s)' "$out/rnn4j.log" | tr -dc '0-9.')
echo "epochs/s: rnn4j $rj, PyTorch $py, ratio $(python3 -c "print(f'{$rj/$py:.2f}')")"
