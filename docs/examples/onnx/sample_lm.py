"""Samples text from an rnn4j character language model in ONNX Runtime for Python, step by step,
carrying the recurrent state between calls as rnn4j's own streaming does.

    ./rnn4j export onnx --model lm.rnn4j --out lm.onnx --streaming
    pip install onnxruntime numpy
    python3 sample_lm.py lm.onnx "First Citizen:" 200 0.8 1

Arguments: model, prime text, characters to write, temperature (0: always the most likely), seed.
"""
import json
import sys

import numpy as np
import onnxruntime as ort

model, prime, count, temperature, seed = (sys.argv[1:] + ["\n", "200", "0.8", "1"][len(sys.argv) - 2:])[:5]
session = ort.InferenceSession(model, providers=["CPUExecutionProvider"])
# The tokenizer is in the model's metadata (and beside it, as MODEL.tokenizer.json).
vocabulary = list(json.loads(session.get_modelmeta().custom_metadata_map["rnn4j.tokenizer"])["vocabulary"])

# Every recurrent node N has inputs N.h0 (and N.c0) of shape (L*D, B, H) and outputs N.hN (N.cN).
states = {i.name: np.zeros((i.shape[0], 1, i.shape[2]), np.float32)
          for i in session.get_inputs() if i.name.endswith((".h0", ".c0"))}
token_input = session.get_inputs()[0].name
logits_output = session.get_outputs()[0].name
output_names = [o.name for o in session.get_outputs()]


def run(ids):
    """Runs one piece of text (T steps, one stream); returns the logits of its last step."""
    feeds = dict(states)
    feeds[token_input] = np.array(ids, np.int64).reshape(len(ids), 1)
    feeds["lengths"] = np.array([len(ids)], np.int32)
    out = dict(zip(output_names, session.run(output_names, feeds)))
    for name in states:
        states[name] = out[name[:-1] + "N"]
    return out[logits_output][-1, 0]


rng = np.random.default_rng(int(seed))
logits = run([vocabulary.index(c) for c in prime])
text = prime
for _ in range(int(count)):
    if float(temperature) == 0:
        i = int(np.argmax(logits))  # greedy: the most likely character
    else:
        p = np.exp((logits - logits.max()) / float(temperature))
        i = int(rng.choice(len(vocabulary), p=p / p.sum()))
    text += vocabulary[i]
    logits = run([i])
print(text)
