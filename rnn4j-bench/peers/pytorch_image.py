#!/usr/bin/python3
"""PyTorch 1.13 peer of `rnn4j image train`: the same classifiers, data, normalisation, batching,
optimizer and held-out images, so training speed, inference speed and accuracy within a time
budget can be compared side by side.

    OMP_NUM_THREADS=2 /usr/bin/python3 rnn4j-bench/peers/pytorch_image.py --data mnist \\
        --arch cnn --threads 2 --max-time 600 --out pytorch-cnn

Like `rnn4j image train` with its defaults:
  * MNIST's training images, every twelfth (index mod 12 = 11) held out for validation;
    per-channel mean and standard deviation of v/255 measured on the rest;
  * --arch cnn: Conv2d(1, 32, 5, 'same') -> BatchNorm2d -> ReLU -> MaxPool2d(2)
                -> Conv2d(32, 64, 5, 'same') -> BatchNorm2d -> ReLU -> MaxPool2d(2)
                -> Flatten -> Linear(3136, 128) -> ReLU -> Dropout(0.3) -> Linear(128, 10);
    --arch row-lstm: LSTM(28, 128) over the 28 rows, Linear(128, 10) on the last output;
  * batches of 64 in a new random order each epoch, cross-entropy, Adam lr 1e-3, gradient norm
    clipped to 1; validation loss every 500 updates, the clock including it, the weights of the
    best validation kept;
  * at the end, accuracy on the 10,000 test images.
With --speed S it only measures: S seconds of training (after 20 warm-up updates), then one pass
of inference over the test images in batches of 256, and prints images/s for both.
Writes OUT.jsonl (one line per validation) and prints a final JSON line.
"""
import argparse
import gzip
import json
import os
import random
import struct
import time

import numpy as np
import torch
import torch.nn.functional as F


def read_idx(path):
    opener = gzip.open if open(path, "rb").read(2) == b"\x1f\x8b" else open
    with opener(path, "rb") as f:
        data = f.read()
    magic = struct.unpack(">I", data[:4])[0]
    dims = struct.unpack(">" + "I" * (magic & 0xff), data[4:4 + 4 * (magic & 0xff)])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * len(dims)).reshape(dims)


def find(folder, name):
    for p in (os.path.join(folder, name), os.path.join(folder, name + ".gz")):
        if os.path.exists(p):
            return p
    raise SystemExit(f"{folder} has no {name}")


class Cnn(torch.nn.Module):
    def __init__(self, classes):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(1, 32, 5, padding="same")
        self.bn1 = torch.nn.BatchNorm2d(32)
        self.conv2 = torch.nn.Conv2d(32, 64, 5, padding="same")
        self.bn2 = torch.nn.BatchNorm2d(64)
        self.dense = torch.nn.Linear(64 * 7 * 7, 128)
        self.dropout = torch.nn.Dropout(0.3)
        self.logits = torch.nn.Linear(128, classes)

    def forward(self, x):  # (B, 1, 28, 28)
        x = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 2)
        x = F.max_pool2d(F.relu(self.bn2(self.conv2(x))), 2)
        x = self.dropout(F.relu(self.dense(torch.flatten(x, 1))))
        return self.logits(x)


class RowLstm(torch.nn.Module):
    def __init__(self, classes, hidden=128):
        super().__init__()
        self.lstm = torch.nn.LSTM(28, hidden)
        self.logits = torch.nn.Linear(hidden, classes)

    def forward(self, x):  # (B, 1, 28, 28) -> 28 steps of 28
        out, _ = self.lstm(x[:, 0].permute(1, 0, 2))
        return self.logits(out[-1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True, help="folder with MNIST's four IDX files")
    ap.add_argument("--arch", default="cnn", choices=["cnn", "row-lstm"])
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--clip", type=float, default=1.0)
    ap.add_argument("--max-time", type=float, default=600.0)
    ap.add_argument("--validate-every", type=int, default=500)
    ap.add_argument("--speed", type=float, default=0.0, help="only measure images/s: this many seconds of training")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default="pytorch-image")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    random.seed(a.seed)

    images = read_idx(find(a.data, "train-images-idx3-ubyte")).astype(np.float32) / 255
    labels = read_idx(find(a.data, "train-labels-idx1-ubyte")).astype(np.int64)
    test_x = read_idx(find(a.data, "t10k-images-idx3-ubyte")).astype(np.float32) / 255
    test_y = read_idx(find(a.data, "t10k-labels-idx1-ubyte")).astype(np.int64)
    held = np.arange(len(images)) % 12 == 11
    train_x, train_y, val_x, val_y = images[~held], labels[~held], images[held], labels[held]
    mean, std = float(train_x.mean()), float(train_x.std())

    def tensor(x):
        return torch.from_numpy((x - mean) / std).unsqueeze(1)

    train_x, val_x, test_x = tensor(train_x), tensor(val_x), tensor(test_x)
    train_y, val_y, test_y = torch.from_numpy(train_y), torch.from_numpy(val_y), torch.from_numpy(test_y)
    model = Cnn(10) if a.arch == "cnn" else RowLstm(10)
    opt = torch.optim.Adam(model.parameters(), lr=a.lr)

    def evaluate(x, y, batch=256):
        model.eval()
        loss, right = 0.0, 0
        with torch.no_grad():
            for i in range(0, len(x), batch):
                out = model(x[i:i + batch])
                loss += F.cross_entropy(out, y[i:i + batch], reduction="sum").item()
                right += (out.argmax(1) == y[i:i + batch]).sum().item()
        model.train()
        return loss / len(x), 100.0 * right / len(x)

    def update(idx):
        opt.zero_grad()
        loss = F.cross_entropy(model(train_x[idx]), train_y[idx])
        loss.backward()
        if a.clip > 0:
            torch.nn.utils.clip_grad_norm_(model.parameters(), a.clip)
        opt.step()
        return loss.item()

    def batches():
        epoch = 0
        while True:
            order = torch.randperm(len(train_x), generator=torch.Generator().manual_seed(a.seed * 1000003 + epoch))
            for i in range(0, len(order), a.batch):
                yield order[i:i + a.batch]
            epoch += 1

    stream = batches()
    if a.speed > 0:
        for _ in range(20):
            update(next(stream))
        start, seen = time.perf_counter(), 0
        while time.perf_counter() - start < a.speed:
            idx = next(stream)
            update(idx)
            seen += len(idx)
        train_rate = seen / (time.perf_counter() - start)
        model.eval()
        start = time.perf_counter()
        with torch.no_grad():
            for i in range(0, len(test_x), 256):
                model(test_x[i:i + 256])
        infer_rate = len(test_x) / (time.perf_counter() - start)
        print(json.dumps({"arch": a.arch, "threads": a.threads, "batch": a.batch, "train_images_per_second": round(train_rate, 1),
                          "inference_images_per_second": round(infer_rate, 1)}))
        return

    start, step, best, best_state = time.perf_counter(), 0, float("inf"), None
    with open(a.out + ".jsonl", "w") as log:
        while time.perf_counter() - start < a.max_time:
            update(next(stream))
            step += 1
            if step % a.validate_every == 0:
                loss, acc = evaluate(val_x, val_y)
                log.write(json.dumps({"step": step, "seconds": round(time.perf_counter() - start, 2), "validation_loss": loss,
                                      "validation_accuracy": acc}) + "\n")
                log.flush()
                if loss < best:
                    best, best_state = loss, {k: v.clone() for k, v in model.state_dict().items()}
    seconds = time.perf_counter() - start
    if best_state is not None:
        model.load_state_dict(best_state)
    _, test_acc = evaluate(test_x, test_y)
    print(json.dumps({"arch": a.arch, "steps": step, "seconds": round(seconds, 1), "images_per_second": round(step * a.batch / seconds, 1),
                      "best_validation_loss": best, "test_accuracy": test_acc}))


if __name__ == "__main__":
    main()
