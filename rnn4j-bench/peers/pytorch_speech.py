#!/usr/bin/env python3
"""The PyTorch 1.13 + torchaudio peer of `rnn4j speech train`: the same corpus layouts and split,
the same features (torchaudio's MFCC or log-mel with deltas and per-utterance normalisation, which
AudioFeaturesTest checks rnn4j's against), the same model (optional Conv1d front end, bi-LSTM
stack, linear layer over characters + blank), nn.CTCLoss (blank 0, mean), Adam, gradient-norm
clipping, SpecAugment-style masks, every 20th training utterance held out for validation with the
best weights kept, and a wall-time budget. Prints one JSON object like rnn4j's --json.

    /usr/bin/python3 rnn4j-bench/peers/pytorch_speech.py --data DIR --max-time 600 [--conv-channels 64 --stride 2]

Needs Debian's python3-torch and python3-torchaudio (not needed by CI).
"""
import argparse
import json
import math
import os
import random
import re
import sys
import time
import wave

import numpy as np
import torch
import torch.nn as nn
import torchaudio
import torchaudio.functional as AF
import torchaudio.transforms as T

DIGITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


def normalize(text):
    text = text.lower().replace("\u2019", "'")
    return " ".join("".join(c if (c.isalnum() or c == "'") else " " for c in text).split())


def corpus(root):
    table = os.path.join(root, "transcripts.tsv")
    out = []
    if os.path.exists(table):
        for line in open(table, encoding="utf-8"):
            line = line.rstrip("\r\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            split = cols[3].strip() if len(cols) == 4 else "train"
            out.append((os.path.join(root, cols[0]), normalize(cols[1]), cols[2] if len(cols) >= 3 else "", split == "test"))
        return out
    rec = os.path.join(root, "recordings") if os.path.isdir(os.path.join(root, "recordings")) else root
    for name in sorted(os.listdir(rec)):
        m = re.fullmatch(r"([0-9])_([^_]+)_([0-9]+)\.wav", name)
        if m:
            out.append((os.path.join(rec, name), DIGITS[int(m.group(1))], m.group(2), int(m.group(3)) <= 4))
    return out


def read_wav(path):
    with wave.open(path, "rb") as w:
        assert w.getsampwidth() == 2, path
        x = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float32) / 32768.0
        if w.getnchannels() > 1:
            x = x.reshape(-1, w.getnchannels()).mean(axis=1)
        return torch.from_numpy(x.copy()), w.getframerate()


class Features:
    def __init__(self, kind, rate, mels, mfccs, deltas):
        window = round(rate * 0.025)
        hop = round(rate * 0.010)
        fft = 1 << (window - 1).bit_length()
        kw = dict(n_fft=fft, win_length=window, hop_length=hop, n_mels=mels, power=2.0, center=True, pad_mode="reflect",
                  norm=None, mel_scale="htk")
        self.kind, self.rate, self.deltas = kind, rate, deltas
        self.mfcc = T.MFCC(sample_rate=rate, n_mfcc=mfccs, dct_type=2, norm="ortho", log_mels=False, melkwargs=kw)
        self.mel = T.MelSpectrogram(sample_rate=rate, **kw)

    def __call__(self, x, rate):
        if rate != self.rate:
            x = AF.resample(x, rate, self.rate)
        f = self.mfcc(x) if self.kind == "mfcc" else torch.log(self.mel(x) + 1e-6)
        parts = [f]
        for _ in range(self.deltas):
            parts.append(AF.compute_deltas(parts[-1][None], win_length=5, mode="replicate")[0])
        f = torch.cat(parts, 0).T
        std = f.std(0, unbiased=False)
        return (f - f.mean(0)) / torch.where(std > 1e-8, std, torch.ones_like(std))


class Model(nn.Module):
    def __init__(self, width, outputs, hidden, layers, conv, stride, dropout):
        super().__init__()
        self.conv = nn.Conv1d(width, conv, 3, stride=stride, padding=1) if conv > 0 else None
        self.stride = stride
        self.rnn = nn.LSTM(conv if conv > 0 else width, hidden, layers, bidirectional=True,
                           dropout=dropout if layers > 1 else 0.0)
        self.drop = nn.Dropout(dropout)
        self.out = nn.Linear(2 * hidden, outputs)

    def lengths(self, n):
        return (n + 2 - 3) // self.stride + 1 if self.conv is not None else n

    def forward(self, x, n):  # x (T, B, F)
        if self.conv is not None:
            x = torch.relu(self.conv(x.permute(1, 2, 0))).permute(2, 0, 1)
            n = self.lengths(n)
        packed = nn.utils.rnn.pack_padded_sequence(x, n, enforce_sorted=False)
        y, _ = self.rnn(packed)
        y, _ = nn.utils.rnn.pad_packed_sequence(y)
        return self.out(self.drop(y)), n


def mask(f, base, freq_masks, freq_width, time_masks, time_width, rng):
    f = f.clone()
    frames, width = f.shape
    for _ in range(freq_masks if freq_width > 0 else 0):
        w = rng.randint(0, min(freq_width, base))
        s = rng.randint(0, base - w)
        for d in range(s, s + w):
            f[:, d::base] = 0
    longest = min(time_width, int(0.2 * frames))
    for _ in range(time_masks if longest > 0 else 0):
        w = rng.randint(0, longest)
        s = rng.randint(0, frames - w)
        f[s:s + w] = 0
    return f


def batchify(feats, idx):
    n = torch.tensor([feats[i].shape[0] for i in idx])
    x = nn.utils.rnn.pad_sequence([feats[i] for i in idx])
    return x, n


def edit(a, b):
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1]))
        prev = cur
    return prev[-1]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", required=True)
    p.add_argument("--features", default="mfcc")
    p.add_argument("--mels", type=int, default=40)
    p.add_argument("--mfccs", type=int, default=13)
    p.add_argument("--deltas", type=int)
    p.add_argument("--hidden", type=int, default=128)
    p.add_argument("--layers", type=int, default=2)
    p.add_argument("--conv-channels", type=int, default=0)
    p.add_argument("--stride", type=int, default=1)
    p.add_argument("--dropout", type=float, default=0.1)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--lr", type=float, default=0.002)
    p.add_argument("--clip", type=float, default=1.0)
    p.add_argument("--max-time", type=float, default=600)
    p.add_argument("--epochs", type=int, default=1000)
    p.add_argument("--freq-masks", type=int, default=2)
    p.add_argument("--freq-mask-width", type=int, default=3)
    p.add_argument("--time-masks", type=int, default=2)
    p.add_argument("--time-mask-width", type=int, default=5)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    rng = random.Random(a.seed)
    deltas = a.deltas if a.deltas is not None else (2 if a.features == "mfcc" else 0)
    utts = corpus(a.data)
    rest = [u for u in utts if not u[3]]
    test = [u for u in utts if u[3]]
    train = [u for i, u in enumerate(rest) if i % 20 != 19]
    val = [u for i, u in enumerate(rest) if i % 20 == 19]
    rate = read_wav(train[0][0])[1]
    feat = Features(a.features, rate, a.mels, a.mfccs, deltas)
    alphabet = sorted({c for u in train for c in u[1]})
    ids = {c: i + 1 for i, c in enumerate(alphabet)}

    def load(us):
        with torch.no_grad():
            return [feat(*read_wav(u[0])) for u in us]

    t0 = time.time()
    ftrain, fval, ftest = load(train), load(val), load(test)
    base = a.mfccs if a.features == "mfcc" else a.mels
    width = ftrain[0].shape[1]
    print(f"features in {time.time() - t0:.1f} s; {len(train)} train, {len(val)} validation, {len(test)} test", file=sys.stderr)
    model = Model(width, len(alphabet) + 1, a.hidden, a.layers, a.conv_channels, a.stride, a.dropout)
    opt = torch.optim.Adam(model.parameters(), lr=a.lr)
    ctc = nn.CTCLoss(blank=0, reduction="mean", zero_infinity=True)
    labels = [torch.tensor([ids[c] for c in u[1]]) for u in train]
    vlabels = [torch.tensor([ids.get(c, 1) for c in u[1]]) for u in val]

    def loss_of(feats, labs, idx):
        x, n = batchify(feats, idx)
        y, m = model(x, n)
        lp = y.log_softmax(-1)
        tgt = torch.cat([labs[i] for i in idx])
        tl = torch.tensor([len(labs[i]) for i in idx])
        return ctc(lp, tgt, m, tl)

    def validate():
        model.eval()
        with torch.no_grad():
            order = sorted(range(len(fval)), key=lambda i: fval[i].shape[0])
            total = 0.0
            for s in range(0, len(order), 64):
                idx = order[s:s + 64]
                total += loss_of(fval, vlabels, idx).item() * len(idx)
        model.train()
        return total / len(fval)

    best, best_state, seen, steps = float("inf"), None, 0, 0
    start = time.time()
    epoch = 0
    while epoch < a.epochs and time.time() - start < a.max_time:
        order = list(range(len(train)))
        rng.shuffle(order)
        pool = 50 * a.batch
        groups = []
        for s in range(0, len(order), pool):
            part = sorted(order[s:s + pool], key=lambda i: ftrain[i].shape[0])
            groups += [part[k:k + a.batch] for k in range(0, len(part), a.batch)]
        rng.shuffle(groups)
        for idx in groups:
            if time.time() - start >= a.max_time:
                break
            feats = {i: mask(ftrain[i], base, a.freq_masks, a.freq_mask_width, a.time_masks, a.time_mask_width, rng) for i in idx}
            x, n = batchify(feats, idx)
            y, m = model(x, n)
            tgt = torch.cat([labels[i] for i in idx])
            tl = torch.tensor([len(labels[i]) for i in idx])
            loss = ctc(y.log_softmax(-1), tgt, m, tl)
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), a.clip)
            opt.step()
            seen += len(idx)
            steps += 1
        epoch += 1
        v = validate()
        if v < best:
            best, best_state = v, {k: t.clone() for k, t in model.state_dict().items()}
        print(f"epoch {epoch} step {steps} val {v:.4f} best {best:.4f} {seen / (time.time() - start):.0f} utt/s", file=sys.stderr)
    seconds = time.time() - start
    model.load_state_dict(best_state)
    model.eval()
    hyps = []
    with torch.no_grad():
        for s in range(0, len(ftest), 32):
            idx = list(range(s, min(len(ftest), s + 32)))
            x, n = batchify(ftest, idx)
            y, m = model(x, n)
            best_path = y.argmax(-1)
            for j, i in enumerate(idx):
                out, prev = [], -1
                for k in best_path[:m[j], j].tolist():
                    if k != prev and k != 0:
                        out.append(alphabet[k - 1])
                    prev = k
                hyps.append("".join(out))
    refs = [u[1] for u in test]
    cer = sum(edit(r, h) for r, h in zip(refs, hyps)) / sum(len(r) for r in refs)
    wer = sum(edit(r.split(), h.split()) for r, h in zip(refs, hyps)) / sum(len(r.split()) for r in refs)
    acc = sum(r == h for r, h in zip(refs, hyps)) / len(refs)
    print(json.dumps({"peer": f"torch {torch.__version__}, torchaudio {torchaudio.__version__}", "updates": steps,
                      "seconds": seconds, "train_utterances_per_second": seen / seconds,
                      "test": {"cer": cer, "wer": wer, "accuracy": acc, "utterances": len(refs)}}))


if __name__ == "__main__":
    main()
