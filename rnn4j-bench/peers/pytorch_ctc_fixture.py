#!/usr/bin/python3
"""Writes CtcLossTest's fixture: PyTorch 1.13's nn.CTCLoss (double precision) on a few utterances.

Each case gives logits (T x C), the labels and the blank; PyTorch's loss (reduction 'sum' over one
utterance, log_softmax of the logits as its input) and the gradient with respect to the logits.
The cases cover distinct labels, repeated labels, an input exactly as long as its labels need, one
too short (loss inf), a blank that is not symbol 0, and an empty target.

    pytorch_ctc_fixture.py rnn4j-core/src/test/resources/io/rnn4j/speech/ctc-cases.json
"""
import json
import sys

import torch

CASES = [  # (frames, classes, blank, labels)
    (6, 5, 0, [1, 2, 3]),
    (8, 5, 0, [1, 1, 2, 2]),
    (4, 4, 0, [1, 1, 2]),
    (3, 4, 0, [1, 1, 2]),
    (7, 4, 3, [0, 2, 0]),
    (5, 3, 0, []),
]


def main():
    torch.manual_seed(13)
    out = []
    for frames, classes, blank, labels in CASES:
        logits = (torch.randn(frames, classes, dtype=torch.float64) * 2).requires_grad_()
        log_probs = torch.log_softmax(logits, dim=1).unsqueeze(1)
        loss = torch.nn.CTCLoss(blank=blank, reduction="sum", zero_infinity=False)(
            log_probs, torch.tensor([labels], dtype=torch.long), torch.tensor([frames]), torch.tensor([len(labels)]))
        case = {"frames": frames, "classes": classes, "blank": blank, "labels": labels,
                "logits": logits.detach().flatten().tolist()}
        if torch.isinf(loss):
            case["loss"] = "inf"
        else:
            loss.backward()
            case["loss"] = loss.item()
            case["gradient"] = logits.grad.flatten().tolist()
        out.append(case)
    # a batch of three with reduction 'mean' (each loss over its target length, then the mean)
    lengths = [7, 5, 6]
    targets = [[1, 2, 2], [3], [1, 4, 1, 2]]
    batch = (torch.randn(max(lengths), 3, 5, dtype=torch.float64)).requires_grad_()
    padded = torch.zeros(3, 4, dtype=torch.long)
    for b, t in enumerate(targets):
        padded[b, :len(t)] = torch.tensor(t)
    mean = torch.nn.CTCLoss(blank=0, reduction="mean")(torch.log_softmax(batch, dim=2), padded, torch.tensor(lengths),
                                                       torch.tensor([len(t) for t in targets]))
    mean.backward()
    batch_case = {"frames": lengths, "classes": 5, "blank": 0, "labels": targets,
                  "logits": [batch[:lengths[b], b].detach().flatten().tolist() for b in range(3)],
                  "loss": mean.item(),
                  "gradient": [batch.grad[:lengths[b], b].flatten().tolist() for b in range(3)]}
    with open(sys.argv[1], "w") as f:
        json.dump({"torch": torch.__version__, "cases": out, "mean_batch": batch_case}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
