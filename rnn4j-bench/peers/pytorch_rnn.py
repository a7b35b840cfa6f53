#!/usr/bin/python3
"""PyTorch 1.13 peer of LstmTrainingBenchmark: the same character-LM step (embedding 64,
vocabulary 65, LSTM 2 x 256, linear head, cross-entropy, clip 5, Adam 2e-3) at T=100, B=32.
Prints the median tokens/s of training and of inference over several timed rounds.

    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=2 /usr/bin/python3 rnn4j-bench/peers/pytorch_rnn.py --torch-threads 1

(That is PyTorch's best setting on a 2-core machine; see the README's benchmark section.)
"""
import argparse
import statistics
import time

import torch


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--torch-threads", type=int, default=1)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--seconds", type=float, default=5.0, help="seconds per timed round")
    args = ap.parse_args()
    torch.set_num_threads(args.torch_threads)
    torch.manual_seed(1)
    T, B, V, E, H = 100, 32, 65, 64, 256
    emb = torch.nn.Embedding(V, E)
    lstm = torch.nn.LSTM(E, H, num_layers=2)
    head = torch.nn.Linear(H, V)
    params = list(emb.parameters()) + list(lstm.parameters()) + list(head.parameters())
    opt = torch.optim.Adam(params, lr=2e-3)
    x = torch.randint(0, V, (T, B))
    y = torch.randint(0, V, (T, B))

    def train_step():
        opt.zero_grad()
        out, _ = lstm(emb(x))
        loss = torch.nn.functional.cross_entropy(head(out).reshape(-1, V), y.reshape(-1))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 5.0)
        opt.step()

    def infer_step():
        with torch.no_grad():
            out, _ = lstm(emb(x))
            head(out)

    for name, fn in (("train", train_step), ("inference", infer_step)):
        for _ in range(3):
            fn()
        rates = []
        for _ in range(args.rounds):
            n, t0 = 0, time.perf_counter()
            while time.perf_counter() - t0 < args.seconds:
                fn()
                n += 1
            rates.append(n * T * B / (time.perf_counter() - t0))
        print(f"pytorch {torch.__version__} {name} tokens/s median {statistics.median(rates):.0f} "
              f"(rounds: {', '.join(f'{r:.0f}' for r in rates)})")


if __name__ == "__main__":
    main()
