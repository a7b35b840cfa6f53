#!/usr/bin/python3
"""gensim 4.2 against rnn4j's word2vec vector files (io.rnn4j.text.WordVectors).

    /usr/bin/python3 rnn4j-bench/peers/gensim_vectors_check.py --make-fixtures DIR
        writes the fixtures WordVectorFilesTest reads (six words, four values, non-ASCII words):
        DIR/gensim-vectors.txt and DIR/gensim-vectors.bin, by KeyedVectors.save_word2vec_format.
    /usr/bin/python3 rnn4j-bench/peers/gensim_vectors_check.py --check VECTORS.bin VECTORS.txt ...
        loads files rnn4j wrote with KeyedVectors.load_word2vec_format (binary for .bin) and checks
        that every file holds the same words and values as the first; prints one JSON line.
"""
import argparse
import json
import os

import numpy as np
from gensim.models import KeyedVectors

WORDS = ["the", "film", "Café", "naïve", "great", "awful"]


def make_fixtures(folder):
    kv = KeyedVectors(vector_size=4)
    kv.add_vectors(WORDS, np.random.default_rng(7).standard_normal((len(WORDS), 4)).astype(np.float32))
    kv.save_word2vec_format(os.path.join(folder, "gensim-vectors.txt"), binary=False)
    kv.save_word2vec_format(os.path.join(folder, "gensim-vectors.bin"), binary=True)


def check(files):
    loaded = [KeyedVectors.load_word2vec_format(f, binary=f.endswith(".bin")) for f in files]
    first = loaded[0]
    for f, kv in zip(files[1:], loaded[1:]):
        assert list(kv.index_to_key) == list(first.index_to_key), f + ": other words"
        assert np.allclose(kv.vectors, first.vectors, rtol=0, atol=1e-6), f + ": other values"
    print(json.dumps({"files": files, "words": len(first.index_to_key), "dim": first.vector_size,
                      "first_words": first.index_to_key[:5], "agree": True}, ensure_ascii=False))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--make-fixtures", metavar="DIR")
    ap.add_argument("--check", nargs="+", metavar="FILE")
    a = ap.parse_args()
    if a.make_fixtures:
        make_fixtures(a.make_fixtures)
    if a.check:
        check(a.check)


if __name__ == "__main__":
    main()
