#!/usr/bin/env bash
# word2vec side by side with gensim 4.2 (Debian's python3-gensim) on the benchmark corpus:
# skip-gram and CBOW, the same settings for both (dimension 100, window 5, negative 5,
# sample 1e-3, min count 5, 5 epochs, 2 threads), seeds 1..SEEDS, the two tools interleaved
# so that a slow spell of the machine hits both. Prints the table the README shows.
#
#   rnn4j-bench/scripts/word2vec-vs-gensim.sh [OUT_DIR] [SEEDS]
#
# Run from the project root after `mvn -B -ntp install -DskipTests`; needs /usr/bin/python3 with gensim.
set -euo pipefail
out=${1:-target/word2vec-bench}
seeds=${2:-3}
shared=${SHARED:-../shared/data}
mkdir -p "$out"
jar="$out/rnn4j-cli.jar"
cp rnn4j-cli/target/rnn4j-cli.jar "$jar" # a copy, so that a rebuild during the run changes nothing
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
rnn4j() { java --add-modules jdk.incubator.vector -jar "$jar" "$@"; }
corpus="$out/corpus.txt"
[ -f "$corpus" ] || rnn4j word2vec corpus --shared "$shared" --out "$corpus" 2>/dev/null
results="$out/results.jsonl"
: > "$results"
for seed in $(seq 1 "$seeds"); do
  for model in skipgram cbow; do
    echo "seed $seed $model: gensim" >&2
    /usr/bin/python3 rnn4j-bench/peers/gensim_word2vec.py --data "$corpus" --model "$model" --seed "$seed" --threads 2 \
      --eval-dir "$shared/word-eval" --out "$out/gensim-$model-$seed.bin" >> "$results"
    echo "seed $seed $model: rnn4j" >&2
    train=$(rnn4j word2vec train --data "$corpus" --model "$model" --seed "$seed" --threads 2 --json \
      --out "$out/rnn4j-$model-$seed.bin" 2> "$out/rnn4j-$model-$seed.log")
    scores=$(rnn4j word2vec eval --vectors "$out/rnn4j-$model-$seed.bin" --eval-dir "$shared/word-eval" --json 2>/dev/null)
    /usr/bin/python3 -c 'import json,sys; t=json.loads(sys.argv[1]); s=json.loads(sys.argv[2]); s.pop("sections");
t.update(s); t.update({"tool": "rnn4j", "model": sys.argv[3], "seed": int(sys.argv[4])}); print(json.dumps(t))' \
      "$train" "$scores" "$model" "$seed" >> "$results"
  done
done
words=$(wc -w < "$corpus")
/usr/bin/python3 - "$results" "$words" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
words = int(sys.argv[2])
def med(tool, model, key):
    return statistics.median(r[key] for r in rows if r["tool"] == tool and r["model"] == model)
print(f"corpus: {words:,} words; words/s = corpus words x 5 epochs / training seconds; medians over {len(rows)//4} seeds")
print("| model | tool | words/s | analogy 3CosAdd | analogy 3CosMul | WordSim-353 rho | SimLex-999 rho |")
print("|---|---|---:|---:|---:|---:|---:|")
for model in ("skipgram", "cbow"):
    for tool in ("gensim", "rnn4j"):
        wps = statistics.median(words * 5 / r["train_seconds"] for r in rows if r["tool"] == tool and r["model"] == model)
        print(f"| {model} | {tool} | {wps:,.0f} | {100*med(tool, model, 'analogy_accuracy'):.2f} % | "
              f"{100*med(tool, model, 'analogy_accuracy_cosmul'):.2f} % | {med(tool, model, 'wordsim353_spearman'):.4f} | "
              f"{med(tool, model, 'simlex999_spearman'):.4f} |")
    ratios = []
    for seed in sorted({r["seed"] for r in rows}):
        g = [r for r in rows if r["tool"] == "gensim" and r["model"] == model and r["seed"] == seed][0]
        j = [r for r in rows if r["tool"] == "rnn4j" and r["model"] == model and r["seed"] == seed][0]
        ratios.append(g["train_seconds"] / j["train_seconds"])
    print(f"{model}: rnn4j/gensim speed per seed {', '.join(f'{x:.2f}' for x in ratios)}; median {statistics.median(ratios):.2f}x;"
          f" delta analogy {100*(med('rnn4j', model, 'analogy_accuracy') - med('gensim', model, 'analogy_accuracy')):+.2f} pt,"
          f" delta WordSim {med('rnn4j', model, 'wordsim353_spearman') - med('gensim', model, 'wordsim353_spearman'):+.4f},"
          f" delta SimLex {med('rnn4j', model, 'simlex999_spearman') - med('gensim', model, 'simlex999_spearman'):+.4f}")
PY
