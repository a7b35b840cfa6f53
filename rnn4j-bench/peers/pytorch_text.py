#!/usr/bin/python3
"""PyTorch 1.13 peer of `rnn4j classify train` and `rnn4j tag train`: the same BiLSTM classifier
and BiLSTM tagger (without CRF, character CNN or feature columns), the same tokens, batches
and update rule, to compare training speed side by side.

    OMP_NUM_THREADS=2 /usr/bin/python3 rnn4j-bench/peers/pytorch_text.py classify \\
        --data ../shared/data/sentence-polarity --seconds 60
    OMP_NUM_THREADS=2 /usr/bin/python3 rnn4j-bench/peers/pytorch_text.py tag \\
        --data ../shared/data/conll2000/train.txt --seconds 60

classify: Embedding(V, 128) -> Dropout(0.5) -> LSTM(128, 128, bidirectional) over packed
sequences -> max over each text's valid steps -> Dropout(0.5) -> Linear(256, K); rnn4j's
defaults (`--encoder lstm --pooling max`). tag: Embedding(V, 100) -> Dropout(0.5) ->
LSTM(100, 100, bidirectional) -> Dropout(0.5) -> Linear(200, K), per-word cross-entropy;
`rnn4j tag train --no-crf --no-chars --no-features`. Both: batches (50 texts, 32 sentences)
bucketed by length as rnn4j does (pools of 50 batches sorted by length, batches shuffled),
Adam lr 1e-3, gradient norm clipped to 1, and every word in the vocabulary (rnn4j's --min-count
1). Trains for --seconds after 20 warm-up updates and prints one JSON line: sentences (texts)
and words per second of training.
"""
import argparse
import json
import os
import random
import re
import time

import torch
import torch.nn.functional as F
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

TOKEN = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*|[^\w\s]|_")


def read_classes(path):
    files = sorted(f for f in os.listdir(path) if not f.startswith(".") and not f.lower().startswith("readme")
                   and f.lower() != "source.md")
    texts, labels = [], []
    for c, f in enumerate(files):
        with open(os.path.join(path, f), encoding="utf-8") as fh:
            for line in fh.read().splitlines():
                if line.strip():
                    texts.append(TOKEN.findall(line.lower()))
                    labels.append(c)
    return texts, labels, len(files)


def read_conll(path):
    sentences, tags, w, t = [], [], [], []
    with open(path, encoding="utf-8") as fh:
        for line in fh.read().splitlines() + [""]:
            cols = line.split()
            if not cols:
                if w:
                    sentences.append(w)
                    tags.append(t)
                w, t = [], []
                continue
            w.append(re.sub(r"\d", "0", cols[0].lower()))
            t.append(cols[-1])
    return sentences, tags


def batches(lengths, size, rng):
    order = list(range(len(lengths)))
    rng.shuffle(order)
    groups = []
    for start in range(0, len(order), 50 * size):
        pool = sorted(order[start:start + 50 * size], key=lambda i: lengths[i])
        groups += [pool[b:b + size] for b in range(0, len(pool), size)]
    rng.shuffle(groups)
    return groups


class Classifier(torch.nn.Module):
    def __init__(self, vocab, classes):
        super().__init__()
        self.embed = torch.nn.Embedding(vocab, 128)
        self.rnn = torch.nn.LSTM(128, 128, bidirectional=True)
        self.head = torch.nn.Linear(256, classes)

    def forward(self, x, lengths):
        e = F.dropout(self.embed(x), 0.5, self.training)
        out, _ = pad_packed_sequence(self.rnn(pack_padded_sequence(e, lengths, enforce_sorted=False))[0],
                                     padding_value=float("-inf"))
        return self.head(F.dropout(out.max(dim=0).values, 0.5, self.training))


class Tagger(torch.nn.Module):
    def __init__(self, vocab, tags):
        super().__init__()
        self.embed = torch.nn.Embedding(vocab, 100)
        self.rnn = torch.nn.LSTM(100, 100, bidirectional=True)
        self.head = torch.nn.Linear(200, tags)

    def forward(self, x, lengths):
        e = F.dropout(self.embed(x), 0.5, self.training)
        out, _ = pad_packed_sequence(self.rnn(pack_padded_sequence(e, lengths, enforce_sorted=False))[0])
        return self.head(F.dropout(out, 0.5, self.training))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("task", choices=["classify", "tag"])
    ap.add_argument("--data", required=True)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    rng = random.Random(a.seed)
    if a.task == "classify":
        texts, labels, k = read_classes(a.data)
        size = 50
    else:
        texts, tag_seqs = read_conll(a.data)
        tagset = sorted({t for s in tag_seqs for t in s})
        labels = [[tagset.index(t) for t in s] for s in tag_seqs]
        k = len(tagset)
        size = 32
    vocab = {w: i + 1 for i, w in enumerate(sorted({w for s in texts for w in s}))}
    ids = [[vocab[w] for w in s] or [0] for s in texts]
    model = Classifier(len(vocab) + 1, k) if a.task == "classify" else Tagger(len(vocab) + 1, k)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    model.train()
    lengths = [len(s) for s in ids]
    updates = sentences = words = 0
    timed_from = None
    done = False
    while not done:
        for group in batches(lengths, size, rng):
            lens = torch.tensor([lengths[i] for i in group])
            x = torch.zeros(int(lens.max()), len(group), dtype=torch.long)
            for b, i in enumerate(group):
                x[:lengths[i], b] = torch.tensor(ids[i])
            out = model(x, lens)
            if a.task == "classify":
                loss = F.cross_entropy(out, torch.tensor([labels[i] for i in group]))
            else:
                y = torch.full((x.shape[0], len(group)), -1, dtype=torch.long)
                for b, i in enumerate(group):
                    y[:lengths[i], b] = torch.tensor(labels[i])
                loss = F.cross_entropy(out.reshape(-1, k), y.reshape(-1), ignore_index=-1)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            updates += 1
            if updates == 20:
                timed_from = time.perf_counter()
            elif timed_from is not None:
                sentences += len(group)
                words += int(lens.sum())
                if time.perf_counter() - timed_from >= a.seconds:
                    done = True
                    break
    seconds = time.perf_counter() - timed_from
    print(json.dumps({"peer": "pytorch " + torch.__version__, "task": a.task, "threads": a.threads, "updates": updates,
                      "seconds": round(seconds, 2), "sentences_per_second": round(sentences / seconds, 1),
                      "words_per_second": round(words / seconds, 1), "loss": round(float(loss), 4)}))


if __name__ == "__main__":
    main()
