"""ONNX files written by PyTorch's torch.onnx.export, with PyTorch's outputs, for rnn4j's import tests.

Each case is <name>.onnx plus <name>.json holding the input it was run on and PyTorch's
outputs (flat, row-major). Run with Debian's python3-torch (PyTorch 1.13); the files are
committed, so the tests need no Python:

    /usr/bin/python3 rnn4j-bench/peers/pytorch_onnx_fixtures.py rnn4j-interop/src/test/resources/onnx
"""
import json
import os
import sys
import warnings

import torch

warnings.filterwarnings("ignore")
OUT = sys.argv[1] if len(sys.argv) > 1 else "."
T, B = 6, 3
TEXT = "the quick brown fox jumps over the lazy dog. a stitch in time saves nine.\n"
CHARS = sorted(set(TEXT))


class Recurrent(torch.nn.Module):
    """A bare recurrent stack over float input: the output sequence only."""

    def __init__(self, cell, **kw):
        super().__init__()
        self.rnn = cell(**kw)

    def forward(self, x):
        return self.rnn(x)[0]


class CharLm(torch.nn.Module):
    """Embedding, a 2-layer LSTM and a linear head: a character language model."""

    def __init__(self, vocab, with_state):
        super().__init__()
        self.embed = torch.nn.Embedding(vocab, 8)
        self.rnn = torch.nn.LSTM(8, 12, num_layers=2)
        self.head = torch.nn.Linear(12, vocab)
        self.with_state = with_state

    def forward(self, tokens, h0=None, c0=None):
        if self.with_state:
            y, (h, c) = self.rnn(self.embed(tokens), (h0, c0))
            return self.head(y), h, c
        y, _ = self.rnn(self.embed(tokens))
        return self.head(y)


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def export(name, model, args, input_names, output_names, dynamic):
    model.eval()
    with torch.no_grad():
        outs = model(*args)
    if not isinstance(outs, tuple):
        outs = (outs,)
    torch.onnx.export(model, args, os.path.join(OUT, name + ".onnx"), input_names=input_names,
                      output_names=output_names, dynamic_axes=dynamic, opset_version=14)
    inputs = {}
    for n, a in zip(input_names, args):
        inputs[n] = {"shape": list(a.shape), "dtype": "int64" if a.dtype == torch.int64 else "float32", "data": flat(a)}
    case = {"inputs": inputs, "outputs": {n: {"shape": list(o.shape), "data": flat(o)} for n, o in zip(output_names, outs)}}
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump(case, f)


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(19)
    x = torch.randn(T, B, 5)
    seq = {"x": {0: "T", 1: "B"}, "y": {0: "T", 1: "B"}}
    cases = [
        ("rnn_tanh_1", torch.nn.RNN, dict(input_size=5, hidden_size=7)),
        ("rnn_relu_2_bidirectional", torch.nn.RNN, dict(input_size=5, hidden_size=7, num_layers=2, nonlinearity="relu", bidirectional=True)),
        ("lstm_1", torch.nn.LSTM, dict(input_size=5, hidden_size=7)),
        ("lstm_2_bidirectional", torch.nn.LSTM, dict(input_size=5, hidden_size=7, num_layers=2, bidirectional=True)),
        ("lstm_3", torch.nn.LSTM, dict(input_size=5, hidden_size=6, num_layers=3)),
        ("gru_1", torch.nn.GRU, dict(input_size=5, hidden_size=7)),
        ("gru_2_bidirectional", torch.nn.GRU, dict(input_size=5, hidden_size=7, num_layers=2, bidirectional=True)),
        ("gru_3", torch.nn.GRU, dict(input_size=5, hidden_size=6, num_layers=3)),
    ]
    for name, cell, kw in cases:
        export(name, Recurrent(cell, **kw), (x,), ["x"], ["y"], seq)

    ids = torch.tensor([CHARS.index(c) for c in TEXT[:T * B]]).reshape(B, T).t().contiguous()
    v = len(CHARS)
    export("charlm", CharLm(v, False), (ids,), ["tokens"], ["logits"], {"tokens": {0: "T", 1: "B"}, "logits": {0: "T", 1: "B"}})
    h0 = torch.randn(2, B, 12) * 0.5
    c0 = torch.randn(2, B, 12) * 0.5
    export("charlm_state", CharLm(v, True), (ids, h0, c0), ["tokens", "h0", "c0"], ["logits", "hn", "cn"],
           {"tokens": {0: "T", 1: "B"}, "h0": {1: "B"}, "c0": {1: "B"}, "logits": {0: "T", 1: "B"}, "hn": {1: "B"}, "cn": {1: "B"}})
    with open(os.path.join(OUT, "charlm.txt"), "w") as f:
        f.write(TEXT)


if __name__ == "__main__":
    main()
