"""A PyTorch character language model through rnn4j and back: the loss on a text must not change.

Trains a small char LSTM in PyTorch 1.13 on Tiny Shakespeare, then measures its loss on held-out
text four ways, each as `rnn4j eval` measures it (every character after the first predicted, read
in chunks of 256 with the state carried, mean cross-entropy in nats):

  1. PyTorch itself;
  2. rnn4j, from the state dict (safetensors) via `rnn4j import pytorch`;
  3. PyTorch again, after `rnn4j export pytorch` wrote the weights back (strict load_state_dict);
  4. rnn4j, from PyTorch's own ONNX file (torch.onnx.export) via `rnn4j import onnx`.

    /usr/bin/python3 rnn4j-bench/peers/pytorch_roundtrip.py --rnn4j ./rnn4j --out target/roundtrip
"""
import argparse
import json
import math
import os
import subprocess
import sys
import time
import warnings

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import safetensors_io  # noqa: E402

warnings.filterwarnings("ignore")


class CharLm(torch.nn.Module):
    def __init__(self, vocab, embed, hidden, layers):
        super().__init__()
        self.embed = torch.nn.Embedding(vocab, embed)
        self.rnn = torch.nn.LSTM(embed, hidden, num_layers=layers)
        self.head = torch.nn.Linear(hidden, vocab)

    def forward(self, x, state=None):
        y, state = self.rnn(self.embed(x), state)
        return self.head(y), state


def evaluate(model, ids, window=256):
    """Mean cross-entropy (nats) over all n-1 predictions, in chunks of `window` (the last shorter), state carried: rnn4j eval's measure."""
    model.eval()
    predictions = len(ids) - 1
    total, state = 0.0, None
    with torch.no_grad():
        for start in range(0, predictions, window):
            end = min(start + window, predictions)
            x = ids[start:end].view(-1, 1)
            y = ids[start + 1:end + 1]
            logits, state = model(x, state)
            total += torch.nn.functional.cross_entropy(logits.view(-1, logits.shape[-1]), y, reduction="sum").item()
    return total / predictions


def rnn4j(cmd, *args):
    out = subprocess.run(cmd + list(args), check=True, capture_output=True, text=True)
    return out.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rnn4j", default="./rnn4j")
    ap.add_argument("--data", default="../shared/data/tinyshakespeare/input.txt")
    ap.add_argument("--out", default="target/roundtrip")
    ap.add_argument("--steps", type=int, default=400)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    torch.manual_seed(a.seed)
    torch.set_num_threads(2)
    text = open(a.data, encoding="utf-8").read()
    chars = sorted(set(text))
    vocab_file = os.path.join(a.out, "vocabulary.txt")
    with open(vocab_file, "w", encoding="utf-8") as f:
        f.write("".join(chars))
    held_out = text[-20000:]
    eval_file = os.path.join(a.out, "held-out.txt")
    with open(eval_file, "w", encoding="utf-8") as f:
        f.write(held_out)
    train = torch.tensor([chars.index(c) for c in text[:-20000]])
    ids = torch.tensor([chars.index(c) for c in held_out])

    model = CharLm(len(chars), 32, 128, 2)
    opt = torch.optim.Adam(model.parameters(), lr=0.003)
    start = time.time()
    for step in range(a.steps):
        starts = torch.randint(0, len(train) - 101, (32,))
        batch = torch.stack([train[s:s + 101] for s in starts]).t()
        logits, _ = model(batch[:-1])
        loss = torch.nn.functional.cross_entropy(logits.reshape(-1, len(chars)), batch[1:].reshape(-1))
        opt.zero_grad()
        loss.backward()
        opt.step()
    print(f"trained {a.steps} steps in {time.time() - start:.0f} s, last batch loss {loss.item():.3f}", file=sys.stderr)

    results = {"pytorch": evaluate(model, ids)}
    cmd = a.rnn4j.split()
    weights = os.path.join(a.out, "charlm.safetensors")
    safetensors_io.save(model.state_dict(), weights)
    imported = os.path.join(a.out, "from-pytorch.rnn4j")
    rnn4j(cmd, "import", "pytorch", "--weights", weights, "--arch", "embed:embedding,rnn:lstm,head:linear",
          "--tokenizer-text", vocab_file, "--out", imported)
    results["rnn4j from state dict"] = json.loads(rnn4j(cmd, "eval", "--model", imported, "--data", eval_file, "--json"))["cross_entropy_nats"]

    back = os.path.join(a.out, "back.safetensors")
    rnn4j(cmd, "export", "pytorch", "--model", imported, "--out", back)
    again = CharLm(len(chars), 32, 128, 2)
    again.load_state_dict(safetensors_io.load(back), strict=True)
    results["pytorch after the round trip"] = evaluate(again, ids)

    onnx = os.path.join(a.out, "charlm.onnx")
    model.eval()
    torch.onnx.export(model, (ids[:10].view(-1, 1),), onnx, input_names=["tokens"], output_names=["logits"],
                      dynamic_axes={"tokens": {0: "T", 1: "B"}, "logits": {0: "T", 1: "B"}}, opset_version=14)
    from_onnx = os.path.join(a.out, "from-onnx.rnn4j")
    rnn4j(cmd, "import", "onnx", "--in", onnx, "--tokenizer-text", vocab_file, "--out", from_onnx)
    results["rnn4j from torch.onnx.export"] = json.loads(rnn4j(cmd, "eval", "--model", from_onnx, "--data", eval_file, "--json"))["cross_entropy_nats"]

    base = results["pytorch"]
    print("| measured on the last 20,000 characters | loss (nats/char) | difference from PyTorch |")
    print("|---|---|---|")
    for k, v in results.items():
        print(f"| {k} | {v:.6f} | {v - base:+.1e} |")
    worst = max(abs(v - base) for v in results.values())
    print(f"largest difference {worst:.1e} nats", file=sys.stderr)
    return 0 if worst < 1e-4 else 1


if __name__ == "__main__":
    sys.exit(main())
