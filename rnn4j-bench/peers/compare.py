#!/usr/bin/python3
"""Runs `./rnn4j bench` and the PyTorch peer alternately, configuration by configuration, and
prints rnn4j/PyTorch ratios. PyTorch is taken at its best thread setting per measurement: torch
1 or 2 threads, with OpenBLAS 1 or 2 (OMP_NUM_THREADS follows torch's count).

    /usr/bin/python3 rnn4j-bench/peers/compare.py [--config a,b,c,d,e,f,g] [--seconds 2] [--rounds 3] [--json FILE]

Needs Debian's PyTorch 1.13 (apt-get install -y python3-torch); run from the repository root.
"""
import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
SETTINGS = [(1, 1), (1, 2), (2, 1), (2, 2)]  # (torch threads, OpenBLAS threads)


def rnn4j(config, seconds, rounds, threads):
    out = subprocess.run([os.path.join(ROOT, "rnn4j"), "bench", "--json", "--config", config, "--threads", str(threads),
                          "--seconds", str(seconds), "--rounds", str(rounds)],
                         check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(out.stdout)


def pytorch(config, seconds, rounds, torch_threads, blas_threads):
    env = dict(os.environ, OMP_NUM_THREADS=str(torch_threads), OPENBLAS_NUM_THREADS=str(blas_threads))
    out = subprocess.run(["/usr/bin/python3", os.path.join(HERE, "pytorch_rnn.py"), "--json", "--config", config,
                          "--torch-threads", str(torch_threads), "--seconds", str(seconds), "--rounds", str(rounds)],
                         check=True, capture_output=True, text=True, env=env)
    return json.loads(out.stdout)["results"][0]


def best(results, key, lower_is_better=False):
    pick = min if lower_is_better else max
    return pick(results, key=lambda r: r[1][key])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--config", default="a,b,c,d,e,f,g")
    ap.add_argument("--seconds", type=float, default=2.0)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2, help="rnn4j threads")
    ap.add_argument("--json", help="also write all measurements to this file")
    args = ap.parse_args()
    rows, raw = [], []
    header = None
    for name in args.config.split(","):
        print(f"compare: config {name}: rnn4j", file=sys.stderr)
        mine = rnn4j(name, args.seconds, args.rounds, args.threads)
        header = header or mine
        m = mine["results"][0]
        peers = []
        for tt, bt in SETTINGS:
            print(f"compare: config {name}: pytorch torch={tt} openblas={bt}", file=sys.stderr)
            peers.append(((tt, bt), pytorch(name, args.seconds, args.rounds, tt, bt)))
        raw.append({"config": name, "rnn4j": m, "pytorch": [{"torch_threads": s[0], "openblas_threads": s[1], **r}
                                                           for s, r in peers]})
        if "stream_us_per_step" in m:
            s, p = best(peers, "stream_us_per_step", lower_is_better=True)
            label = "streaming µs/step" if m.get("B", 1) == 1 else f"{m['B']} streams, µs/step"
            rows.append(f"| {name} | {label} | {m['stream_us_per_step']:.1f} | {p['stream_us_per_step']:.1f} "
                        f"(torch {s[0]}, BLAS {s[1]}) | {p['stream_us_per_step'] / m['stream_us_per_step']:.2f}× |")
            continue
        for key, label in (("train_tokens_per_s", "training tok/s"), ("infer_tokens_per_s", "inference tok/s")):
            s, p = best(peers, key)
            rows.append(f"| {name} | {label} | {m[key]:,.0f} | {p[key]:,.0f} (torch {s[0]}, BLAS {s[1]}) | "
                        f"{m[key] / p[key]:.2f}× |")
    print(f"rnn4j {header['rnn4j']}, JDK {header['jdk']}, gemm {header['gemm']}, {header['threads']} threads, "
          f"{header['cores']} cores; GEMM peak {header['gemm_peak_gflops']:.0f} GFLOP/s")
    print("| config | measure | rnn4j | PyTorch best | rnn4j / PyTorch |")
    print("|---|---|---|---|---|")
    print("\n".join(rows))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"rnn4j_env": {k: v for k, v in header.items() if k != "results"}, "runs": raw}, f, indent=1)


if __name__ == "__main__":
    main()
