#!/usr/bin/python3
"""PyTorch 1.13 peer of `rnn4j train` on a character language model: the same model, data split,
batching, optimizer, schedule, validation and time budget, so the two validation curves (loss
against wall time) can be compared.

    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=2 /usr/bin/python3 rnn4j-bench/peers/pytorch_train_lm.py \
        --data input.txt --max-time 600 --torch-threads 1 --out pytorch.jsonl

Like `rnn4j train` with its defaults:
  * characters (Unicode code points), the last 10 % of the text validates (split in order);
  * Embedding(V, 64) -> LSTM(64, 256, 2 layers, dropout 0.2 between) -> Dropout(0.2) -> Linear(256, V);
  * B = 32 contiguous streams, T = 100, state carried (detached) from batch to batch; a new epoch
    starts the streams from zero state;
  * Adam (lr 2e-3, PyTorch defaults otherwise), gradient norm clipped to 5, optional cosine
    schedule to lr/20 over --max-steps updates (`--schedule cosine`);
  * validation every 200 updates over the whole validation split (B streams of T steps, state
    carried, no dropout); the clock includes validation, as rnn4j's --max-time does.
Writes one JSON line per validation: {"step", "seconds", "validation_loss", "tokens_per_second"}.
"""
import argparse
import json
import math
import sys
import time

import torch


def batches(ids, T, B):
    stream = (len(ids) - 1) // B
    count = stream // T
    data = torch.tensor(ids[:B * stream + 1], dtype=torch.long)
    out = []
    for i in range(count):
        idx = torch.arange(B).unsqueeze(0) * stream + i * T + torch.arange(T).unsqueeze(1)  # (T, B)
        out.append((data[idx], data[idx + 1]))
    return out


class Model(torch.nn.Module):
    def __init__(self, vocab, embed, hidden, layers, dropout):
        super().__init__()
        self.embed = torch.nn.Embedding(vocab, embed)
        self.rnn = torch.nn.LSTM(embed, hidden, num_layers=layers, dropout=dropout if layers > 1 else 0.0)
        self.drop = torch.nn.Dropout(dropout)
        self.head = torch.nn.Linear(hidden, vocab)

    def forward(self, x, state):
        out, state = self.rnn(self.embed(x), state)
        return self.head(self.drop(out)), state


def evaluate(model, val, vocab):
    model.eval()
    total, count, state = 0.0, 0, None
    with torch.no_grad():
        for x, y in val:
            logits, state = model(x, state)
            total += torch.nn.functional.cross_entropy(logits.reshape(-1, vocab), y.reshape(-1), reduction="sum").item()
            count += y.numel()
    model.train()
    return total / count


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", required=True)
    ap.add_argument("--max-time", type=float, default=600.0, help="seconds of training, validation included")
    ap.add_argument("--max-steps", type=int, default=0, help="0 = no limit; fixes the cosine schedule's length")
    ap.add_argument("--schedule", choices=["constant", "cosine"], default="constant")
    ap.add_argument("--hidden", type=int, default=256)
    ap.add_argument("--layers", type=int, default=2)
    ap.add_argument("--embed", type=int, default=64)
    ap.add_argument("--dropout", type=float, default=0.2)
    ap.add_argument("--seq-len", type=int, default=100)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--clip", type=float, default=5.0)
    ap.add_argument("--validate-every", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--torch-threads", type=int, default=1)
    ap.add_argument("--out", help="JSON lines of the validations (default: stdout only)")
    args = ap.parse_args()
    if args.schedule == "cosine" and args.max_steps <= 0:
        sys.exit("--schedule cosine needs --max-steps")
    torch.set_num_threads(args.torch_threads)
    torch.manual_seed(args.seed)

    text = open(args.data, encoding="utf-8").read()
    chars = sorted(set(text))
    index = {c: i for i, c in enumerate(chars)}
    ids = [index[c] for c in text]
    cut = round(len(ids) * 0.9)
    train, val = batches(ids[:cut], args.seq_len, args.batch), batches(ids[cut:], args.seq_len, args.batch)
    V = len(chars)
    model = Model(V, args.embed, args.hidden, args.layers, args.dropout)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    floor = args.lr / 20

    def rate(step):  # step = updates already applied, as rnn4j's LearningRateSchedule.cosine
        if args.schedule == "constant":
            return args.lr
        p = min(1.0, step / args.max_steps)
        return floor + (args.lr - floor) * 0.5 * (1 + math.cos(math.pi * p))

    out = open(args.out, "w") if args.out else None
    print(f"pytorch {torch.__version__}: LSTM {args.layers}x{args.hidden}, vocabulary {V}, {len(train)} batches/epoch, "
          f"torch threads {args.torch_threads}", flush=True)
    start = time.perf_counter()
    step, tokens, best = 0, 0, float("inf")
    done = False
    while not done:
        state = None
        for x, y in train:
            for g in opt.param_groups:
                g["lr"] = rate(step)
            if state is not None:
                state = tuple(s.detach() for s in state)
            logits, state = model(x, state)
            loss = torch.nn.functional.cross_entropy(logits.reshape(-1, V), y.reshape(-1))
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), args.clip)
            opt.step()
            step += 1
            tokens += y.numel()
            if step % args.validate_every == 0:
                v = evaluate(model, val, V)
                best = min(best, v)
                seconds = time.perf_counter() - start
                line = {"step": step, "seconds": round(seconds, 2), "validation_loss": v,
                        "tokens_per_second": round(tokens / seconds)}
                print(json.dumps(line), flush=True)
                if out:
                    out.write(json.dumps(line) + "\n")
                    out.flush()
            elapsed = time.perf_counter() - start
            if elapsed >= args.max_time or (args.max_steps and step >= args.max_steps):
                done = True
                break
    elapsed = time.perf_counter() - start
    print(f"done: {step} updates in {elapsed:.0f} s, {tokens / elapsed:.0f} tokens/s, best validation {best:.4f}", flush=True)


if __name__ == "__main__":
    main()
