#!/usr/bin/python3
"""PyTorch 1.13 peer of `rnn4j bench` and of LstmTrainingBenchmark: the same configurations,
measured the same way (training step = forward, loss, backward, clip at 5, Adam 2e-3; inference =
forward under no_grad; warm-up, then the median of timed rounds).

    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=2 /usr/bin/python3 rnn4j-bench/peers/pytorch_rnn.py \
        --torch-threads 1 --config a,b --json

Configurations (see BenchConfig.java):
    a  char LM: embedding 64, vocabulary 65, LSTM 2x256, linear head, cross-entropy; T=100, B=32
    b  LSTM 1x512, input 512, MSE against random targets; T=100, B=64
    c  LSTM 1x128, input 128; T=50, B=16
    d  GRU 1x512, input 512; T=100, B=64
    e  RNN (tanh) 1x512, input 512; T=100, B=64
    f  model a stepped one token at a time with its (h, c) state, batch 1: microseconds per step
"""
import argparse
import json
import statistics
import sys
import time

import torch

CONFIGS = {
    "a": dict(cell="lstm", input=64, hidden=256, layers=2, vocab=65, T=100, B=32),
    "b": dict(cell="lstm", input=512, hidden=512, layers=1, vocab=0, T=100, B=64),
    "c": dict(cell="lstm", input=128, hidden=128, layers=1, vocab=0, T=50, B=16),
    "d": dict(cell="gru", input=512, hidden=512, layers=1, vocab=0, T=100, B=64),
    "e": dict(cell="rnn", input=512, hidden=512, layers=1, vocab=0, T=100, B=64),
    "f": dict(cell="lstm", input=64, hidden=256, layers=2, vocab=65, T=1, B=1, streaming=True),
    "g": dict(cell="lstm", input=64, hidden=256, layers=2, vocab=65, T=1, B=64, streaming=True),
}


def build(c):
    rnn = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU, "rnn": torch.nn.RNN}[c["cell"]](
        c["input"], c["hidden"], num_layers=c["layers"])
    emb = torch.nn.Embedding(c["vocab"], c["input"]) if c["vocab"] else None
    head = torch.nn.Linear(c["hidden"], c["vocab"]) if c["vocab"] else None
    return emb, rnn, head


def rate(fn, seconds, rounds):
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        fn()
    rates = []
    for _ in range(rounds):
        n, t0 = 0, time.perf_counter()
        end = t0 + seconds
        while True:
            fn()
            n += 1
            now = time.perf_counter()
            if now >= end:
                break
        rates.append(n / (now - t0))
    return statistics.median(rates)


def measure(name, seconds, rounds):
    c = CONFIGS[name]
    torch.manual_seed(1)
    emb, rnn, head = build(c)
    T, B, V = c["T"], c["B"], c["vocab"]
    if c.get("streaming"):
        state = None
        tok = torch.zeros(1, B, dtype=torch.long)

        def step():
            nonlocal state
            with torch.no_grad():
                out, state = rnn(emb(tok), state)
                head(out)

        steps_per_s = rate(step, seconds, rounds)
        return {"config": name, "stream_us_per_step": 1e6 / steps_per_s}
    params = [p for m in (emb, rnn, head) if m is not None for p in m.parameters()]
    opt = torch.optim.Adam(params, lr=2e-3)
    if V:
        x = torch.randint(0, V, (T, B))
        y = torch.randint(0, V, (T, B))
    else:
        x = torch.rand(T, B, c["input"]) * 2 - 1
        y = torch.rand(T, B, c["hidden"]) * 2 - 1

    def forward():
        out, _ = rnn(emb(x) if emb is not None else x)
        return head(out) if head is not None else out

    def train():
        opt.zero_grad()
        out = forward()
        if V:
            loss = torch.nn.functional.cross_entropy(out.reshape(-1, V), y.reshape(-1))
        else:
            loss = torch.nn.functional.mse_loss(out, y)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 5.0)
        opt.step()

    def infer():
        with torch.no_grad():
            forward()

    return {"config": name,
            "train_tokens_per_s": T * B * rate(train, seconds, rounds),
            "infer_tokens_per_s": T * B * rate(infer, seconds, rounds)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--config", default="a,b,c,d,e,f,g")
    ap.add_argument("--torch-threads", type=int, default=1)
    ap.add_argument("--seconds", type=float, default=3.0)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    torch.set_num_threads(args.torch_threads)
    results = [measure(n.strip(), args.seconds, args.rounds) for n in args.config.split(",")]
    if args.json:
        print(json.dumps({"torch": torch.__version__, "torch_threads": args.torch_threads, "results": results}))
    else:
        for r in results:
            print(f"pytorch {torch.__version__} " + " ".join(f"{k}={v:.0f}" if isinstance(v, float) else f"{k}={v}"
                                                         for k, v in r.items()))


if __name__ == "__main__":
    sys.exit(main())
