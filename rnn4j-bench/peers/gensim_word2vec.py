#!/usr/bin/python3
"""gensim's word2vec on a corpus file (one sentence per line), side by side with rnn4j word2vec train.

Trains with the given settings, prints one JSON line with the training time, words per second
(corpus words x epochs / training seconds, the same measure rnn4j prints), and the scores on the
word-eval sets (analogy 3CosAdd and 3CosMul, WordSim-353 and SimLex-999 Spearman) as gensim
computes them; optionally saves the vectors in word2vec's binary format.

    python3 gensim_word2vec.py --data corpus.txt --model skipgram --seed 1 --eval-dir ../shared/data/word-eval
"""
import argparse
import json
import logging
import os
import sys
import time

from gensim.models import Word2Vec
from gensim.models.word2vec import LineSentence


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", required=True)
    p.add_argument("--model", choices=["skipgram", "cbow"], default="skipgram")
    p.add_argument("--hs", action="store_true")
    p.add_argument("--negative", type=int, default=5)
    p.add_argument("--dim", type=int, default=100)
    p.add_argument("--window", type=int, default=5)
    p.add_argument("--sample", type=float, default=1e-3)
    p.add_argument("--min-count", type=int, default=5)
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--eval-dir")
    p.add_argument("--out")
    a = p.parse_args()
    logging.basicConfig(level=logging.WARNING)

    corpus = LineSentence(a.data)
    model = Word2Vec(vector_size=a.dim, window=a.window, min_count=a.min_count, sample=a.sample,
                     sg=1 if a.model == "skipgram" else 0, hs=1 if a.hs else 0, negative=a.negative,
                     workers=a.threads, seed=a.seed, epochs=a.epochs)
    model.build_vocab(corpus)
    words = model.corpus_total_words
    start = time.perf_counter()
    model.train(corpus, total_examples=model.corpus_count, epochs=a.epochs)
    seconds = time.perf_counter() - start
    out = {"tool": "gensim", "model": a.model, "seed": a.seed, "vocabulary": len(model.wv),
           "corpus_words": words, "train_seconds": seconds, "words_per_second": words * a.epochs / seconds}
    kv = model.wv
    if a.eval_dir:
        q = os.path.join(a.eval_dir, "questions-words.txt")
        add, _ = kv.evaluate_word_analogies(q)
        # 3CosMul as gensim's most_similar_cosmul, over the same questions and vocabulary restriction
        ok = {k.upper(): kv.get_index(k) for k in reversed(kv.index_to_key[:300000])}
        right = total = 0
        for line in open(q):
            if line.startswith(":"):
                continue
            w = [x.upper() for x in line.split()]
            if len(w) != 4 or any(x not in ok for x in w):
                continue
            total += 1
            keys = [kv.index_to_key[ok[x]] for x in w]
            sims = kv.most_similar_cosmul(positive=[keys[1], keys[2]], negative=[keys[0]], topn=5)
            for s, _ in sims:
                if s.upper() not in (w[0], w[1], w[2]):
                    right += s.upper() == w[3]
                    break
        ws = kv.evaluate_word_pairs(os.path.join(a.eval_dir, "wordsim353.tsv"))
        sl = kv.evaluate_word_pairs(os.path.join(a.eval_dir, "simlex999.txt"))
        out.update({"analogy_accuracy": add, "analogy_accuracy_cosmul": right / total if total else None,
                    "wordsim353_spearman": ws[1][0], "simlex999_spearman": sl[1][0],
                    "wordsim353_oov_percent": ws[2], "simlex999_oov_percent": sl[2]})
    if a.out:
        kv.save_word2vec_format(a.out, binary=a.out.endswith(".bin"))
    print(json.dumps(out))


if __name__ == "__main__":
    sys.exit(main())
