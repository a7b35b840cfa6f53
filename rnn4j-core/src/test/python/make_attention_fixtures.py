#!/usr/bin/python3
"""Writes the PyTorch parity fixtures checked by AttentionParityTest.

Run with Debian's PyTorch 1.13 (apt-get install -y python3-torch):

    /usr/bin/python3 rnn4j-core/src/test/python/make_attention_fixtures.py

Each fixture runs an attention decoder for T steps from its start, in float32, written here
with PyTorch's own modules (nn.LSTMCell / nn.GRUCell, nn.Linear, softmax):

    h0 = tanh(bridge(z)) for every layer (c0 = 0)
    additive: c_t = attend(s_{t-1}); cells read [e_t; c_t]; o_t = s_t
    luong (dot, general, concat): cells read [e_t; o_{t-1}] with input feeding (o_{-1} = 0),
        else e_t; c_t = attend(s_t); o_t = tanh(combine([c_t; s_t]))

with attention masked over the padded memory rows. A padded target step keeps every state.
It stores the weights (rnn4j's parameter names), memory, lengths, summary, embedded inputs,
the outputs at valid steps, the attention weights, and the gradients of
loss = sum(o * w_out) (w_out zero at padded steps) with respect to every weight, the memory,
the summary and the inputs.
"""
import json
import os
import sys

import torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "attention-parity")
T, B, S, E, DM, H, A = 3, 3, 4, 3, 4, 5, 6
SOURCE_LENGTHS = [4, 2, 3]
TARGET_LENGTHS = [3, 2, 3]


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def fixture(kind, cell, layers, feeding, seed):
    torch.manual_seed(seed)
    h = DM if kind == "dot" else H
    feed = DM if kind == "additive" else (h if feeding else 0)
    cells = []
    for l in range(layers):
        size = (E + feed) if l == 0 else h
        cells.append(torch.nn.LSTMCell(size, h) if cell == "lstm" else torch.nn.GRUCell(size, h))
    params = {}
    for l, c in enumerate(cells):
        for name, p in c.named_parameters():
            params[f"{name}_l{l}"] = p
    if kind == "general":
        params["attention_weight"] = torch.nn.Parameter(0.5 * torch.randn(h, DM))
    if kind in ("additive", "concat"):
        params["attention_query_weight"] = torch.nn.Parameter(0.5 * torch.randn(A, h))
        params["attention_key_weight"] = torch.nn.Parameter(0.5 * torch.randn(A, DM))
        params["attention_v"] = torch.nn.Parameter(0.5 * torch.randn(1, A))
    params["bridge_weight"] = torch.nn.Parameter(0.5 * torch.randn(h, DM + 2))
    params["bridge_bias"] = torch.nn.Parameter(0.5 * torch.randn(h))
    if kind != "additive":
        params["combine_weight"] = torch.nn.Parameter(0.5 * torch.randn(h, DM + h))
        params["combine_bias"] = torch.nn.Parameter(0.5 * torch.randn(h))

    memory = torch.randn(S, B, DM, requires_grad=True)
    summary = torch.randn(1, B, DM + 2, requires_grad=True)
    inputs = torch.randn(T, B, E, requires_grad=True)
    mem_mask = torch.tensor([[s < n for s in range(S)] for n in SOURCE_LENGTHS])  # (B, S)

    def attend(q):
        m = memory.transpose(0, 1)  # (B, S, DM)
        if kind == "dot":
            e = (m @ q.unsqueeze(2)).squeeze(2)
        elif kind == "general":
            e = ((m @ params["attention_weight"].t()) @ q.unsqueeze(2)).squeeze(2)
        else:
            u = torch.tanh((q @ params["attention_query_weight"].t()).unsqueeze(1) + m @ params["attention_key_weight"].t())
            e = (u @ params["attention_v"].t()).squeeze(2)
        a = torch.softmax(e.masked_fill(~mem_mask, float("-inf")), dim=1)
        return (a.unsqueeze(2) * m).sum(1), a

    h0 = torch.tanh(summary[0] @ params["bridge_weight"].t() + params["bridge_bias"])
    hs = [h0 for _ in range(layers)]
    cs = [torch.zeros(B, h) for _ in range(layers)]
    prev_out = torch.zeros(B, h)
    outputs, weights = [], []
    for t in range(T):
        valid = torch.tensor([t < n for n in TARGET_LENGTHS]).unsqueeze(1)
        if kind == "additive":
            context, a = attend(hs[-1])
            x = torch.cat([inputs[t], context], 1)
        else:
            x = torch.cat([inputs[t], prev_out], 1) if feeding else inputs[t]
        for l, c in enumerate(cells):
            if cell == "lstm":
                nh, nc = c(x, (hs[l], cs[l]))
                cs[l] = torch.where(valid, nc, cs[l])
            else:
                nh = c(x, hs[l])
            hs[l] = torch.where(valid, nh, hs[l])
            x = nh
        if kind == "additive":
            out = hs[-1]
        else:
            context, a = attend(nh)
            out = torch.tanh(torch.cat([context, nh], 1) @ params["combine_weight"].t() + params["combine_bias"])
            if feeding:
                prev_out = out
        outputs.append(out)
        weights.append(a)
    output = torch.stack(outputs)
    w_out = torch.randn_like(output)
    for b, n in enumerate(TARGET_LENGTHS):
        w_out[n:, b] = 0
    loss = (output * w_out).sum()
    loss.backward()
    name = f"attention_{kind}_{cell}_l{layers}{'_feeding' if feeding else ''}"
    valid_mask = torch.tensor([[t < n for n in TARGET_LENGTHS] for t in range(T)]).unsqueeze(2)
    fx = {
        "name": name,
        "torch_version": torch.__version__,
        "score": kind, "cell": cell, "num_layers": layers, "input_feeding": feeding,
        "T": T, "B": B, "S": S, "embedding": E, "memory_size": DM, "summary_size": DM + 2,
        "hidden_size": h, "attention_size": A,
        "source_lengths": SOURCE_LENGTHS, "target_lengths": TARGET_LENGTHS,
        "params": {k: {"shape": list(v.shape), "data": flat(v)} for k, v in params.items()},
        "grads": {k: flat(v.grad) for k, v in params.items()},
        "memory": flat(memory), "summary": flat(summary), "inputs": flat(inputs),
        "output": flat(output * valid_mask), "attention": flat(torch.stack(weights)),
        "w_out": flat(w_out),
        "grad_memory": flat(memory.grad), "grad_summary": flat(summary.grad), "grad_inputs": flat(inputs.grad),
    }
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump(fx, f, separators=(",", ":"))
    return name


def main():
    os.makedirs(OUT, exist_ok=True)
    names = [
        fixture("additive", "lstm", 1, False, 1),
        fixture("additive", "gru", 2, False, 2),
        fixture("dot", "lstm", 1, True, 3),
        fixture("dot", "gru", 1, False, 4),
        fixture("general", "lstm", 2, True, 5),
        fixture("general", "gru", 1, False, 6),
        fixture("concat", "lstm", 1, True, 7),
        fixture("concat", "gru", 1, False, 8),
    ]
    print(f"wrote {len(names)} fixtures to {os.path.normpath(OUT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
