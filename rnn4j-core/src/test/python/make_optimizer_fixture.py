#!/usr/bin/python3
"""Writes optimizer.json for OptimizerParityTest: the trajectory of one parameter vector under
PyTorch 1.13's optimizers, fed a fixed sequence of gradients.

    /usr/bin/python3 rnn4j-core/src/test/python/make_optimizer_fixture.py
"""
import json
import os

import torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "optimizer.json")
torch.manual_seed(0)
N, STEPS = 12, 6
p0 = torch.randn(N)
grads = [torch.randn(N) for _ in range(STEPS)]

CASES = {
    "sgd": lambda p: torch.optim.SGD([p], lr=0.1),
    "sgd_momentum_wd": lambda p: torch.optim.SGD([p], lr=0.1, momentum=0.9, weight_decay=0.01),
    "sgd_nesterov": lambda p: torch.optim.SGD([p], lr=0.1, momentum=0.8, nesterov=True),
    "rmsprop": lambda p: torch.optim.RMSprop([p], lr=0.01, weight_decay=0.001),
    "adagrad": lambda p: torch.optim.Adagrad([p], lr=0.1, weight_decay=0.001),
    "adam": lambda p: torch.optim.Adam([p], lr=0.01, weight_decay=0.01),
    "adamw": lambda p: torch.optim.AdamW([p], lr=0.01, weight_decay=0.1),
}

out = {"p0": p0.tolist(), "grads": [g.tolist() for g in grads], "cases": {}}
for name, make in CASES.items():
    p = p0.clone().requires_grad_()
    opt = make(p)
    traj = []
    for g in grads:
        p.grad = g.clone()
        opt.step()
        traj.append(p.detach().clone().tolist())
    out["cases"][name] = traj
with open(OUT, "w") as f:
    json.dump(out, f)
