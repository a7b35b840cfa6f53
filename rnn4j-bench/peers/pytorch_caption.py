#!/usr/bin/python3
"""PyTorch 1.13 peer of `rnn4j caption train`: the same captioners, pictures, vocabulary,
normalisation, batching and optimizer, so training speed can be compared side by side.

    OMP_NUM_THREADS=2 /usr/bin/python3 rnn4j-bench/peers/pytorch_caption.py --data digits-captioned \\
        --kind attend --threads 2 --speed 60

Like `rnn4j caption train` with its defaults:
  * DIR/train/captions.tsv and its PNGs, every twelfth picture (index mod 12 = 11) held out;
    mean and standard deviation of v/255 over the rest; words sorted, ids 0 = </s>, 1 = <s>;
  * encoder: [Conv2d 5x5 'same' 16, 3x3 32, 3x3 64], each BatchNorm2d -> ReLU -> MaxPool2d(2),
    giving an 8x8 map of 64 features; summary = its average; h0 = tanh(Linear(64, H) summary),
    c0 = 0; embedding 64; LSTM H = 256; head Linear(H, V);
  * --kind attend: before each word, additive attention v.tanh(W_q h_{t-1} + W_k m) over the 64
    positions (A = 64, no biases), the context concatenated to the embedded word;
    --kind tell: the LSTM reads the embedded word alone;
  * teacher forcing (reads <s> w1..wn, scored on w1..wn </s>), cross-entropy over the valid words,
    batches of 64 in a new random order each epoch, Adam 1e-3, gradient norm clipped to 1.
With --speed S it trains S seconds after 20 warm-up updates and prints pictures/s and words/s
(the words scored, </s> included) as one JSON line.
"""
import argparse
import json
import os
import random
import time

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image


def read_part(folder):
    files, captions = [], []
    with open(os.path.join(folder, "captions.tsv"), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line:
                name, caption = line.split("\t")
                files.append(os.path.join(folder, name))
                captions.append(caption)
    pixels = np.stack([np.asarray(Image.open(p).convert("L"), dtype=np.uint8) for p in files])
    return pixels, captions


class Captioner(torch.nn.Module):
    def __init__(self, vocab, attend, hidden=256, features=64, embed=64, attention=64):
        super().__init__()
        self.convs = torch.nn.ModuleList([torch.nn.Conv2d(1, 16, 5, padding="same"),
                                          torch.nn.Conv2d(16, 32, 3, padding="same"),
                                          torch.nn.Conv2d(32, features, 3, padding="same")])
        self.bns = torch.nn.ModuleList([torch.nn.BatchNorm2d(c) for c in (16, 32, features)])
        self.bridge = torch.nn.Linear(features, hidden)
        self.embed = torch.nn.Embedding(vocab, embed)
        self.attend = attend
        self.cell = torch.nn.LSTMCell(embed + (features if attend else 0), hidden)
        if attend:
            self.w_q = torch.nn.Linear(hidden, attention, bias=False)
            self.w_k = torch.nn.Linear(features, attention, bias=False)
            self.v = torch.nn.Linear(attention, 1, bias=False)
        self.head = torch.nn.Linear(hidden, vocab)

    def forward(self, images, words):  # images (B, 1, H, W); words (T, B) starting with <s>
        x = images
        for conv, bn in zip(self.convs, self.bns):
            x = F.max_pool2d(F.relu(bn(conv(x))), 2)
        memory = x.flatten(2).permute(0, 2, 1)          # (B, S, C)
        h = torch.tanh(self.bridge(memory.mean(1)))
        c = torch.zeros_like(h)
        keys = self.w_k(memory) if self.attend else None
        embedded = self.embed(words)
        outs = []
        for t in range(words.shape[0]):
            inp = embedded[t]
            if self.attend:
                scores = self.v(torch.tanh(self.w_q(h).unsqueeze(1) + keys)).squeeze(2)  # (B, S)
                context = (F.softmax(scores, 1).unsqueeze(2) * memory).sum(1)
                inp = torch.cat([inp, context], 1)
            h, c = self.cell(inp, (h, c))
            outs.append(h)
        return self.head(torch.stack(outs))               # (T, B, V)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True, help="a set written by rnn4j caption make")
    ap.add_argument("--kind", default="attend", choices=["attend", "tell"])
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--speed", type=float, default=60.0, help="seconds of training to time")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    random.seed(a.seed)
    pixels, captions = read_part(os.path.join(a.data, "train"))
    keep = [i for i in range(len(captions)) if i % 12 != 11]
    pixels = pixels[keep]
    captions = [captions[i] for i in keep]
    words = ["</s>", "<s>"] + sorted({w for c in captions for w in c.split(" ")})
    ids = {w: i for i, w in enumerate(words)}
    v = pixels.astype(np.float32) / 255
    images = torch.from_numpy((v - v.mean()) / v.std()).unsqueeze(1)
    encoded = [[ids[w] for w in c.split(" ")] for c in captions]
    model = Captioner(len(words), a.kind == "attend")
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    order, at, step, scored = list(range(len(encoded))), len(encoded), 0, 0
    start = None
    while True:
        if at + a.batch > len(order):
            random.shuffle(order)
            at = 0
        idx = order[at:at + a.batch]
        at += a.batch
        seqs = [encoded[i] for i in idx]
        steps = max(len(s) for s in seqs) + 1
        inp = torch.zeros(steps, len(idx), dtype=torch.long)
        tgt = torch.full((steps, len(idx)), -100, dtype=torch.long)
        for b, s in enumerate(seqs):
            inp[0, b] = 1
            inp[1:len(s) + 1, b] = torch.tensor(s)
            tgt[:len(s), b] = torch.tensor(s)
            tgt[len(s), b] = 0
        logits = model(images[idx], inp)
        loss = F.cross_entropy(logits.reshape(-1, len(words)), tgt.reshape(-1), ignore_index=-100)
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step += 1
        if step == 20:
            start = time.perf_counter()
            counted, scored = 0, 0
        elif step > 20:
            counted += len(idx)
            scored += int((tgt != -100).sum())
            if time.perf_counter() - start >= a.speed:
                break
    seconds = time.perf_counter() - start
    print(json.dumps({"kind": a.kind, "threads": a.threads, "batch": a.batch, "updates_timed": step - 20,
                      "train_pictures_per_second": round(counted / seconds, 1),
                      "train_words_per_second": round(scored / seconds, 1), "last_loss": round(float(loss), 4)}))


if __name__ == "__main__":
    main()
