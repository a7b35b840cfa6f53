#!/usr/bin/env bash
# ONNX and PyTorch interoperability end to end, with the peers' own tools:
#   1. one ONNX file per model kind the command line trains (or the line that refuses it),
#      each checked by the ONNX project's checker (Debian's python3-onnx, full_check);
#   2. a PyTorch char LSTM through rnn4j and back (state dict and torch.onnx.export): the loss
#      on held-out Tiny Shakespeare must not move (rnn4j-bench/peers/pytorch_roundtrip.py);
#   3. that model exported by rnn4j, run in ONNX Runtime for Node.js step by step
#      (docs/examples/onnx/sample_lm.mjs, greedy): the text must equal `rnn4j sample --top-k 1`.
#
#   rnn4j-bench/scripts/onnx-interop.sh [OUT_DIR]
#
# Run from the project root after `mvn -B -ntp install -DskipTests`; needs /usr/bin/python3 with
# torch and onnx (Debian's python3-torch, python3-onnx), and npm for step 3 (skipped without it).
set -euo pipefail
out=${1:-target/onnx-interop}
mkdir -p "$out"
jar="$out/rnn4j-cli.jar"
cp rnn4j-cli/target/rnn4j-cli.jar "$jar" # a copy, so that a rebuild during the run changes nothing
export OPENBLAS_NUM_THREADS=1
java_rnn4j="java --add-modules jdk.incubator.vector -jar $jar"
rnn4j() { $java_rnn4j "$@" 2> >(grep -v 'incubator' >&2); }

echo "== 1. every model kind: export, then onnx.checker" >&2
java --add-modules jdk.incubator.vector -cp rnn4j-bench/target/rnn4j-benchmarks.jar io.rnn4j.bench.OnnxModelKinds "$out/kinds" \
  2> >(grep -v 'incubator' >&2)
/usr/bin/python3 rnn4j-bench/peers/onnx_check.py "$out"/kinds/*.onnx

echo "== 2. PyTorch -> rnn4j -> PyTorch" >&2
/usr/bin/python3 rnn4j-bench/peers/pytorch_roundtrip.py --rnn4j "$java_rnn4j" --out "$out/roundtrip"

echo "== 3. rnn4j -> ONNX Runtime (Node.js), greedy text against rnn4j sample" >&2
model="$out/roundtrip/from-pytorch.rnn4j"
rnn4j export onnx --model "$model" --out "$out/lm.onnx" --streaming > /dev/null
/usr/bin/python3 rnn4j-bench/peers/onnx_check.py "$out/lm.onnx"
if command -v npm > /dev/null; then
  if [ ! -d "$out/node/node_modules/onnxruntime-node" ]; then
    mkdir -p "$out/node"
    # --ignore-scripts: the package carries its CPU binaries; its install script only fetches GPU ones
    (cd "$out/node" && npm init -y > /dev/null && npm install --silent --ignore-scripts onnxruntime-node@1.23.2 > /dev/null)
  fi
  cp docs/examples/onnx/sample_lm.mjs "$out/node/"
  expected=$(rnn4j sample --model "$model" --prime "KING:" --length 200 --top-k 1)
  actual=$(node "$out/node/sample_lm.mjs" "$out/lm.onnx" "KING:" 200 0)
  if [ "$expected" == "$actual" ]; then
    echo "ok     200 greedy characters from ONNX Runtime for Node.js equal rnn4j sample --top-k 1"
  else
    echo "FAILED ONNX Runtime for Node.js wrote different text:"; echo "$actual"; echo "rnn4j:"; echo "$expected"; exit 1
  fi
else
  echo "skipped: no npm for ONNX Runtime for Node.js" >&2
fi
