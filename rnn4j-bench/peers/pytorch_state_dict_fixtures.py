"""PyTorch state dicts in safetensors (F32, BF16, F16, F64), with PyTorch's outputs, for rnn4j's import tests.

Each case is <name>.safetensors plus <name>.json: the --arch description, the input and
PyTorch's output of the module whose weights are the file's (rounded to the file's dtype).
Run with Debian's python3-torch; the files are committed, so the tests need no Python:

    /usr/bin/python3 rnn4j-bench/peers/pytorch_state_dict_fixtures.py rnn4j-interop/src/test/resources/pytorch
"""
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import safetensors_io  # noqa: E402

OUT = sys.argv[1] if len(sys.argv) > 1 else "."
T, B = 6, 3


class CharLm(torch.nn.Module):
    def __init__(self, vocab):
        super().__init__()
        self.embed = torch.nn.Embedding(vocab, 8)
        self.rnn = torch.nn.LSTM(8, 12, num_layers=2)
        self.drop = torch.nn.Dropout(0.3)
        self.head = torch.nn.Linear(12, vocab)

    def forward(self, x):
        return self.head(self.drop(self.rnn(self.embed(x))[0]))


class Tagger(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = torch.nn.GRU(5, 6, num_layers=2, bidirectional=True)
        self.act = torch.nn.Tanh()
        self.head = torch.nn.Linear(12, 3)

    def forward(self, x):
        return self.head(self.act(self.rnn(x)[0]))


class Relu(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = torch.nn.RNN(5, 4, nonlinearity="relu")
        self.head = torch.nn.Linear(4, 2)

    def forward(self, x):
        return self.head(self.rnn(x)[0])


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def case(name, model, arch, x, dtype):
    model.eval()
    stored = {k: v.to(safetensors_io.DTYPES[dtype]) for k, v in model.state_dict().items()}
    # PyTorch's own numbers for the weights as the file holds them.
    model.load_state_dict({k: v.to(torch.float32) for k, v in stored.items()})
    with torch.no_grad():
        y = model(x)
    safetensors_io.save(stored, os.path.join(OUT, name + ".safetensors"))
    kind = "int64" if x.dtype == torch.int64 else "float32"
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump({"arch": arch, "input": {"shape": list(x.shape), "dtype": kind, "data": flat(x)},
                   "output": {"shape": list(y.shape), "data": flat(y)}}, f)


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(26)
    ids = torch.randint(0, 20, (T, B))
    x = torch.randn(T, B, 5)
    lm = CharLm(20)
    case("charlm_f32", lm, "embed:embedding,rnn:lstm,drop:dropout,head:linear", ids, "F32")
    case("charlm_bf16", lm, "embed:embedding,rnn:lstm,drop:dropout,head:linear", ids, "BF16")
    case("gru_bidirectional_f16", Tagger(), '[{"name": "rnn", "kind": "gru"}, {"name": "act", "kind": "tanh"},'
         ' {"name": "head", "kind": "linear"}]', x, "F16")
    case("rnn_relu_f64", Relu(), "rnn:rnn-relu,head:linear", x, "F64")


if __name__ == "__main__":
    main()
