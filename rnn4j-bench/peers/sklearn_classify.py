#!/usr/bin/python3
"""scikit-learn peer of `rnn4j classify train`: TF-IDF (words and word pairs, sublinear term
frequency) with logistic regression, on exactly the split rnn4j used.

    ./rnn4j classify train --data ../shared/data/sentence-polarity --folds 10 --split-file mr.split ...
    /usr/bin/python3 rnn4j-bench/peers/sklearn_classify.py --data ../shared/data/sentence-polarity --split mr.split

The data layouts are rnn4j's: a folder of class files (one text per line, blank lines skipped,
the class the file's ending when the files share a stem) or a label<TAB>text file. The split
file has one `origin<TAB>part` line per example, origin `file:line` as rnn4j names it, part a
fold number (cross-validation: train on the other folds, test on it) or train/validation/test
(train on train + validation, test on test). The tokens are rnn4j's: lower-cased, words with
inner apostrophes and hyphens, single punctuation marks. Prints one JSON line.
"""
import argparse
import json
import os
import re
import statistics
import time

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score

TOKEN = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*|[^\w\s]|_")


def tokens(text):
    return TOKEN.findall(text.lower())


def read(path):
    """origin -> (text, class)"""
    out = {}
    if os.path.isdir(path):
        files = sorted(f for f in os.listdir(path) if not f.startswith(".") and not f.lower().startswith("readme")
                       and f.lower() != "source.md" and not f.lower().startswith("license"))
        stems = {f.rsplit(".", 1)[0] for f in files}
        for f in files:
            label = f.rsplit(".", 1)[1] if len(stems) == 1 else (f[:-4] if f.lower().endswith(".txt") else f)
            with open(os.path.join(path, f), encoding="utf-8") as fh:
                for i, line in enumerate(fh.read().splitlines(), 1):
                    if line.strip():
                        out[f"{f}:{i}"] = (line.strip(), label)
    else:
        name = os.path.basename(path)
        with open(path, encoding="utf-8") as fh:
            for i, line in enumerate(fh.read().splitlines(), 1):
                if line.strip():
                    label, text = line.split("\t", 1)
                    out[f"{name}:{i}"] = (text.strip(), label.strip())
    return out


def fit_score(train, test, positive):
    vec = TfidfVectorizer(tokenizer=tokens, lowercase=False, token_pattern=None, ngram_range=(1, 2), sublinear_tf=True)
    x = vec.fit_transform([t for t, _ in train])
    clf = LogisticRegression(max_iter=2000).fit(x, [c for _, c in train])
    predicted = clf.predict(vec.transform([t for t, _ in test]))
    truth = [c for _, c in test]
    scores = {"accuracy": 100 * accuracy_score(truth, predicted),
              "macro_f1": 100 * f1_score(truth, predicted, average="macro")}
    if positive:
        scores["positive_f1"] = 100 * f1_score(truth, predicted, pos_label=positive)
    return scores


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--split", required=True)
    ap.add_argument("--positive", help="report F1 of this class too (e.g. spam)")
    a = ap.parse_args()
    data = read(a.data)
    parts = {}
    with open(a.split, encoding="utf-8") as fh:
        for line in fh.read().splitlines():
            origin, part = line.split("\t")
            parts.setdefault(part, []).append(data[origin])
    start = time.time()
    if "test" in parts:
        train = parts.get("train", []) + parts.get("validation", [])
        result = fit_score(train, parts["test"], a.positive)
        result.update(train=len(train), test=len(parts["test"]))
    else:
        folds = sorted(parts, key=int)
        runs = [fit_score([x for g in folds if g != f for x in parts[g]], parts[f], a.positive) for f in folds]
        acc = [r["accuracy"] for r in runs]
        result = {"folds": len(folds), "mean_accuracy": statistics.mean(acc), "std_accuracy": statistics.stdev(acc),
                  "fold_accuracy": acc, "mean_macro_f1": statistics.mean(r["macro_f1"] for r in runs)}
    result.update(peer="scikit-learn TF-IDF (1-2 grams, sublinear tf) + LogisticRegression", seconds=time.time() - start)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
