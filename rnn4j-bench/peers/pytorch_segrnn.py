#!/usr/bin/env python3
"""The PyTorch peer of `rnn4j forecast train`: the same segment-recurrent forecaster (SegRNN,
Lin et al. 2023: segment embedding, one GRU over the segments, parallel decoding of every output
segment from the last state with position and channel embeddings, last-value normalisation), the
same ETT protocol (8,640/2,880/2,880 rows, z-scores of the training part, shuffled whole batches of
windows, Adam with the rate held four epochs then x 0.8 per epoch, validation after each epoch,
the best epoch's weights scored on every test window).

Prints one line per epoch and a final RESULT line with the training epochs per second (training
time only, validation excluded) and the test MSE/MAE.

    OMP_NUM_THREADS=2 /usr/bin/python3 rnn4j-bench/peers/pytorch_segrnn.py ETTh1.csv --horizon 96 --epochs 3
"""
import argparse
import csv
import time

import numpy as np
import torch
from torch import nn


def read_ett(path, target):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0][1:]
    values = np.array([[float(v) for v in r[1:]] for r in rows[1:]], dtype=np.float32)
    if target != "all":
        values = values[:, [header.index(target)]]
    return values


class SegmentRecurrent(nn.Module):
    def __init__(self, lookback, horizon, segment, hidden, dropout, channels):
        super().__init__()
        self.segment, self.channels = segment, channels
        self.n_in, self.n_out = lookback // segment, horizon // segment
        self.embed = nn.Sequential(nn.Linear(segment, hidden), nn.ReLU())
        self.gru = nn.GRU(hidden, hidden, batch_first=True)
        self.channel_ids = channels > 1
        if self.channel_ids:
            self.pos = nn.Parameter(torch.randn(self.n_out, hidden // 2))
            self.chan = nn.Parameter(torch.randn(channels, hidden // 2))
        else:
            self.pos = nn.Parameter(torch.randn(self.n_out, hidden))
        self.head = nn.Sequential(nn.Dropout(dropout), nn.Linear(hidden, segment))

    def forward(self, x):  # x: (B, L, C)
        b = x.shape[0]
        last = x[:, -1:, :].detach()
        z = (x - last).permute(0, 2, 1).reshape(b * self.channels, self.n_in, self.segment)
        _, h = self.gru(self.embed(z))  # h: (1, B*C, D)
        d = h.shape[-1]
        if self.channel_ids:
            e = torch.cat([self.pos.unsqueeze(0).expand(self.channels, -1, -1),
                           self.chan.unsqueeze(1).expand(-1, self.n_out, -1)], dim=-1)  # (C, m, D)
            e = e.reshape(1, self.channels * self.n_out, d).expand(b, -1, -1).reshape(-1, 1, d)
        else:
            e = self.pos.unsqueeze(0).expand(b * self.channels, -1, -1).reshape(-1, 1, d)
        h0 = h.repeat_interleave(self.n_out, dim=1)  # (1, B*C*m, D): each series' state for each segment
        _, y = self.gru(e, h0)
        y = self.head(y).reshape(b, self.channels, self.n_out * self.segment).permute(0, 2, 1)
        return y + last


def windows(series, lookback, horizon, start, end):
    first = max(start, lookback)
    return np.arange(first, end - horizon + 1)


def gather(series, starts, lookback, horizon):
    x = np.stack([series[t - lookback:t] for t in starts])
    y = np.stack([series[t:t + horizon] for t in starts])
    return torch.from_numpy(x), torch.from_numpy(y)


def evaluate(model, series, starts, lookback, horizon, batch):
    model.eval()
    se = ae = n = 0.0
    with torch.no_grad():
        for i in range(0, len(starts), batch):
            x, y = gather(series, starts[i:i + batch], lookback, horizon)
            p = model(x)
            se += ((p - y) ** 2).sum().item()
            ae += (p - y).abs().sum().item()
            n += y.numel()
    model.train()
    return se / n, ae / n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("csv")
    ap.add_argument("--horizon", type=int, default=96)
    ap.add_argument("--lookback", type=int, default=720)
    ap.add_argument("--segment", type=int, default=48)
    ap.add_argument("--hidden", type=int, default=512)
    ap.add_argument("--dropout", type=float, default=0.5)
    ap.add_argument("--batch", type=int, default=256)
    ap.add_argument("--lr", type=float, default=0.001)
    ap.add_argument("--epochs", type=int, default=30)
    ap.add_argument("--seconds", type=float, default=0, help="stop after this much training time (0: no limit)")
    ap.add_argument("--series", default="all")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--validate", type=int, default=1, help="0: no validation (time training alone); the last epoch is scored")
    a = ap.parse_args()
    torch.manual_seed(a.seed)
    torch.set_num_threads(a.threads)
    raw = read_ett(a.csv, a.series)
    train_end, val_end, test_end = 8640, 8640 + 2880, 8640 + 2 * 2880
    mean = raw[:train_end].mean(axis=0)
    std = raw[:train_end].std(axis=0)
    series = ((raw - mean) / std).astype(np.float32)
    tr = windows(series, a.lookback, a.horizon, 0, train_end)
    va = windows(series, a.lookback, a.horizon, train_end, val_end)
    te = windows(series, a.lookback, a.horizon, val_end, test_end)
    model = SegmentRecurrent(a.lookback, a.horizon, a.segment, a.hidden, a.dropout, series.shape[1])
    opt = torch.optim.Adam(model.parameters(), lr=a.lr)
    per_epoch = len(tr) // a.batch
    rng = np.random.default_rng(a.seed)
    best, best_state, trained_s, epochs_done = float("inf"), None, 0.0, 0
    print(f"PyTorch {torch.__version__} SegRNN {a.series} H={a.horizon} L={a.lookback}: "
          f"{sum(p.numel() for p in model.parameters()):,} parameters, {len(tr):,} windows, {per_epoch} batches, "
          f"{torch.get_num_threads()} threads", flush=True)
    for epoch in range(a.epochs):
        lr = a.lr if epoch < 4 else a.lr * 0.8 ** (epoch - 3)
        for g in opt.param_groups:
            g["lr"] = lr
        order = rng.permutation(tr)
        t0 = time.perf_counter()
        for i in range(per_epoch):
            x, y = gather(series, order[i * a.batch:(i + 1) * a.batch], a.lookback, a.horizon)
            opt.zero_grad()
            loss = ((model(x) - y) ** 2).mean()
            loss.backward()
            opt.step()
        trained_s += time.perf_counter() - t0
        epochs_done += 1
        if not a.validate:
            best_state = None
            print(f"epoch {epoch + 1}: {trained_s:.1f} s training", flush=True)
            continue
        val, _ = evaluate(model, series, va, a.lookback, a.horizon, a.batch)
        print(f"epoch {epoch + 1}: validation mse {val:.4f}, {trained_s:.1f} s training", flush=True)
        if val < best:
            best, best_state = val, {k: v.clone() for k, v in model.state_dict().items()}
        if a.seconds and trained_s >= a.seconds:
            break
    if best_state is not None:
        model.load_state_dict(best_state)
    mse, mae = evaluate(model, series, te, a.lookback, a.horizon, a.batch)
    print(f"RESULT pytorch series={a.series} H={a.horizon}: {epochs_done} epochs in {trained_s:.1f} s of training "
          f"({epochs_done / trained_s:.4f} epochs/s); best validation {best:.4f}; test MSE {mse:.4f} MAE {mae:.4f} "
          f"({len(te)} windows)", flush=True)


if __name__ == "__main__":
    main()
