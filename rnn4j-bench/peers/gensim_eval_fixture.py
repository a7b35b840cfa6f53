#!/usr/bin/python3
"""Writes the fixture of Word2VecGensimParityTest: small word vectors and gensim 4.2's scores of them.

Trains gensim's CBOW (16 dimensions, 1 epoch, 1 worker, seed 1) on a corpus file, keeps only the
words of the word-eval sets that it learned (in gensim's frequency order), writes them in
word2vec's binary format, loads that file back and scores it with evaluate_word_analogies,
most_similar_cosmul (as gensim_word2vec.py does) and evaluate_word_pairs.

    gensim_eval_fixture.py --data corpus.txt --eval-dir ../shared/data/word-eval --out rnn4j-core/src/test/resources/io/rnn4j/word2vec
"""
import argparse
import json
import os

from gensim.models import KeyedVectors, Word2Vec
from gensim.models.word2vec import LineSentence


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", required=True)
    p.add_argument("--eval-dir", required=True)
    p.add_argument("--out", required=True)
    a = p.parse_args()
    q = os.path.join(a.eval_dir, "questions-words.txt")
    ws = os.path.join(a.eval_dir, "wordsim353.tsv")
    sl = os.path.join(a.eval_dir, "simlex999.txt")
    wanted = set()
    for line in open(q):
        if not line.startswith(":"):
            wanted.update(w.lower() for w in line.split())
    for f in (ws, sl):
        for line in open(f):
            if not line.startswith("#"):
                wanted.update(w.lower() for w in line.split("\t")[:2])
    model = Word2Vec(LineSentence(a.data), vector_size=16, sg=0, epochs=1, workers=1, seed=1, min_count=5)
    keys = [k for k in model.wv.index_to_key if k in wanted]
    small = KeyedVectors(16)
    small.add_vectors(keys, [model.wv[k] for k in keys])
    path = os.path.join(a.out, "gensim-eval-vectors.bin")
    small.save_word2vec_format(path, binary=True)
    kv = KeyedVectors.load_word2vec_format(path, binary=True)
    score, sections = kv.evaluate_word_analogies(q)
    ok = {k.upper(): kv.get_index(k) for k in reversed(kv.index_to_key[:300000])}
    cosmul = {}
    section = None
    for line in open(q):
        if line.startswith(":"):
            section = line[1:].strip()
            cosmul[section] = 0
            continue
        w = [x.upper() for x in line.split()]
        if any(x not in ok for x in w):
            continue
        k = [kv.index_to_key[ok[x]] for x in w]
        for s, _ in kv.most_similar_cosmul(positive=[k[1], k[2]], negative=[k[0]], topn=5):
            if s.upper() not in w[:3]:
                cosmul[section] += s.upper() == w[3]
                break
    pairs = {name: kv.evaluate_word_pairs(f) for name, f in (("wordsim353", ws), ("simlex999", sl))}
    expected = {
        "words": len(keys),
        "analogy_accuracy": score,
        "sections": [{"section": s["section"], "correct": len(s["correct"]), "incorrect": len(s["incorrect"]),
                      "correct_cosmul": cosmul.get(s["section"])} for s in sections],
        **{f"{n}_spearman": r[1][0] for n, r in pairs.items()},
        **{f"{n}_oov_percent": r[2] for n, r in pairs.items()},
    }
    with open(os.path.join(a.out, "gensim-eval-scores.json"), "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
