#!/usr/bin/python3
"""Writes the PyTorch parity fixtures checked by ParityTest.

Run with Debian's PyTorch 1.13 (apt-get install -y python3-torch):

    /usr/bin/python3 rnn4j-core/src/test/python/make_parity_fixtures.py

Each fixture is one JSON file holding a configuration, the weights (PyTorch state-dict names),
the input, the initial state, the outputs and final states, and the gradients of
    loss = sum(output * w_out) + sum(h_n * w_h) [+ sum(c_n * w_c)]
with respect to every weight, the input and the initial state. Padded output positions are zero,
as pad_packed_sequence returns them. Everything is computed in float32.
"""
import json
import os
import sys

import torch
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "parity")
T, B, I, H = 5, 3, 3, 4
LENGTHS = [5, 2, 4]


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def fixture(cell, nonlinearity, layers, bidir, packed, seed):
    torch.manual_seed(seed)
    kwargs = dict(input_size=I, hidden_size=H, num_layers=layers, bidirectional=bidir)
    if cell == "rnn":
        module = torch.nn.RNN(nonlinearity=nonlinearity, **kwargs)
    elif cell == "lstm":
        module = torch.nn.LSTM(**kwargs)
    else:
        module = torch.nn.GRU(**kwargs)
    dirs = 2 if bidir else 1
    x = torch.randn(T, B, I, requires_grad=True)
    h0 = (0.5 * torch.randn(layers * dirs, B, H)).requires_grad_()
    c0 = (0.5 * torch.randn(layers * dirs, B, H)).requires_grad_()
    state = (h0, c0) if cell == "lstm" else h0
    if packed:
        seq = pack_padded_sequence(x, torch.tensor(LENGTHS), enforce_sorted=False)
        out, hn = module(seq, state)
        out, _ = pad_packed_sequence(out, total_length=T)
    else:
        out, hn = module(x, state)
    if cell == "lstm":
        hn, cn = hn
    w_out = torch.randn_like(out)
    w_h = torch.randn_like(hn)
    loss = (out * w_out).sum() + (hn * w_h).sum()
    if cell == "lstm":
        w_c = torch.randn_like(cn)
        loss = loss + (cn * w_c).sum()
    loss.backward()
    name = f"{cell}{'_' + nonlinearity if cell == 'rnn' else ''}_l{layers}{'_bi' if bidir else ''}{'_packed' if packed else ''}"
    fx = {
        "name": name,
        "torch_version": torch.__version__,
        "cell": cell,
        "nonlinearity": nonlinearity,
        "num_layers": layers,
        "bidirectional": bidir,
        "T": T, "B": B, "input_size": I, "hidden_size": H,
        "lengths": LENGTHS if packed else None,
        "params": {k: {"shape": list(v.shape), "data": flat(v)} for k, v in module.named_parameters()},
        "grads": {k: flat(v.grad) for k, v in module.named_parameters()},
        "x": flat(x), "h0": flat(h0), "output": flat(out), "h_n": flat(hn),
        "w_out": flat(w_out), "w_h": flat(w_h),
        "grad_x": flat(x.grad), "grad_h0": flat(h0.grad),
        "loss": float(loss),
    }
    if cell == "lstm":
        fx.update({"c0": flat(c0), "c_n": flat(cn), "w_c": flat(w_c), "grad_c0": flat(c0.grad)})
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump(fx, f, separators=(",", ":"))
    return name


def main():
    os.makedirs(OUT, exist_ok=True)
    seed = 1
    names = []
    for cell, nl in [("rnn", "tanh"), ("rnn", "relu"), ("lstm", None), ("gru", None)]:
        for layers in (1, 2, 3):
            for bidir in (False, True):
                for packed in (False, True):
                    names.append(fixture(cell, nl, layers, bidir, packed, seed))
                    seed += 1
    print(f"wrote {len(names)} fixtures to {os.path.normpath(OUT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
