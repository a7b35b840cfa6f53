#!/usr/bin/python3
"""Writes the PyTorch parity fixtures checked by ConvParityTest.

Run with Debian's PyTorch 1.13 (apt-get install -y python3-torch):

    /usr/bin/python3 rnn4j-core/src/test/python/make_conv_fixtures.py

Each fixture runs one layer of io.rnn4j.nn.conv (or a leaky ReLU) through PyTorch's own module
in float32, on a batch laid out as rnn4j lays it out: time-major (T, B, F), an image being one
step whose F values are (C, H, W). Layers along time (conv1d, pool1d, global_pool1d,
batch_norm over features) see each sequence only up to its length, as if it were alone: the
reference runs PyTorch on x[:L_b, b] sample by sample (batch norm on the valid rows together),
and rnn4j must give zeros past each output length. Image layers skip padded frames likewise.

Stored: the layer's options, the input, the parameters (rnn4j's names = PyTorch's), the output,
a random upstream gradient w_out (also at padded steps, which must be ignored), and the gradients
of loss = sum(output * w_out) for every parameter and the input.
"""
import json
import os

import torch
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "conv-parity")


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def write(name, fx):
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump(fx, f, separators=(",", ":"))


def axis(kernel, stride=1, padding=0, dilation=1, same=False):
    return {"kernel": kernel, "stride": stride, "padding": padding, "dilation": dilation, "same": same}


def torch_padding(a):
    return "same" if a["same"] else a["padding"]


def time_layer(name, layer, module, T, B, C, lengths, seed, params=None):
    """A layer along time: module maps (1, C, L) to (1, O, L'); outputs are laid out (T', B, O)."""
    torch.manual_seed(seed)
    x = torch.randn(T, B, C, requires_grad=True)
    outs = [module(x[:lengths[b], b, :].t().unsqueeze(0))[0].t() for b in range(B)]  # (L'_b, O)
    t_out = max(o.shape[0] for o in outs) if lengths == [T] * B else None
    if t_out is None:
        t_out = module(torch.zeros(1, C, T)).shape[2]
    o_size = outs[0].shape[1]
    w = torch.randn(t_out, B, o_size)
    loss = sum((outs[b] * w[:outs[b].shape[0], b, :]).sum() for b in range(B))
    loss.backward()
    y = torch.zeros(t_out, B, o_size)
    for b in range(B):
        y[:outs[b].shape[0], b, :] = outs[b].detach()
    fx = {"layer": layer, "T": T, "B": B, "features": C, "lengths": lengths, "input": flat(x), "output": flat(y),
          "output_steps": t_out, "output_lengths": [o.shape[0] for o in outs], "w_out": flat(w),
          "grad_input": flat(x.grad), "params": {}, "grads": {}}
    for pname, p in (params or {}).items():
        fx["params"][pname] = flat(p)
        fx["grads"][pname] = flat(p.grad)
    write(name, fx)


def image_layer(name, layer, module, shape, T, B, lengths, seed, params=None):
    """An image layer: module maps (N, C, H, W) to (N, ...); frames past a sequence's length are skipped."""
    torch.manual_seed(seed)
    c, h, wd = shape
    x = torch.randn(T, B, c, h, wd, requires_grad=True)
    valid = [(t, b) for t in range(T) for b in range(B) if t < lengths[b]]
    frames = torch.stack([x[t, b] for t, b in valid])
    out = module(frames)
    o_size = out[0].numel()
    w = torch.randn(T, B, o_size)
    wv = torch.stack([w[t, b] for t, b in valid]).reshape(out.shape)
    (out * wv).sum().backward()
    y = torch.zeros(T, B, o_size)
    for i, (t, b) in enumerate(valid):
        y[t, b] = out[i].detach().reshape(-1)
    fx = {"layer": layer, "T": T, "B": B, "features": c * h * wd, "lengths": lengths, "input": flat(x), "output": flat(y),
          "w_out": flat(w), "grad_input": flat(x.grad), "params": {}, "grads": {}}
    for pname, p in (params or {}).items():
        fx["params"][pname] = flat(p)
        fx["grads"][pname] = flat(p.grad)
    write(name, fx)


def conv2d(name, shape, out_ch, rows, cols, bias, T, B, lengths, seed):
    torch.manual_seed(seed)
    if rows["same"]:
        pad = "same"
    else:
        pad = (rows["padding"], cols["padding"])
    m = torch.nn.Conv2d(shape[0], out_ch, (rows["kernel"], cols["kernel"]), stride=(rows["stride"], cols["stride"]),
                        padding=pad, dilation=(rows["dilation"], cols["dilation"]), bias=bias)
    params = {"weight": m.weight}
    if bias:
        params["bias"] = m.bias
    layer = {"type": "conv2d", "input": dict(zip(["channels", "height", "width"], shape)), "out_channels": out_ch,
             "rows": rows, "cols": cols, "bias": bias}
    image_layer(name, layer, m, shape, T, B, lengths, seed + 1, params)


def conv1d(name, c, out_ch, a, bias, T, B, lengths, seed):
    torch.manual_seed(seed)
    m = torch.nn.Conv1d(c, out_ch, a["kernel"], stride=a["stride"], padding=torch_padding(a), dilation=a["dilation"],
                        bias=bias)
    params = {"weight": m.weight}
    if bias:
        params["bias"] = m.bias
    layer = {"type": "conv1d", "in_channels": c, "out_channels": out_ch, "time": a, "bias": bias}
    time_layer(name, layer, m, T, B, c, lengths, seed + 1, params)


def pool2d(name, kind, shape, rows, cols, T, B, lengths, seed):
    if kind == "max":
        m = torch.nn.MaxPool2d((rows["kernel"], cols["kernel"]), stride=(rows["stride"], cols["stride"]),
                               padding=(rows["padding"], cols["padding"]), dilation=(rows["dilation"], cols["dilation"]))
    else:
        m = torch.nn.AvgPool2d((rows["kernel"], cols["kernel"]), stride=(rows["stride"], cols["stride"]),
                               padding=(rows["padding"], cols["padding"]))
    layer = {"type": "pool2d", "kind": kind, "input": dict(zip(["channels", "height", "width"], shape)),
             "rows": rows, "cols": cols}
    image_layer(name, layer, m, shape, T, B, lengths, seed)


def pool1d(name, kind, a, c, T, B, lengths, seed):
    if kind == "max":
        m = torch.nn.MaxPool1d(a["kernel"], stride=a["stride"], padding=a["padding"], dilation=a["dilation"])
    else:
        m = torch.nn.AvgPool1d(a["kernel"], stride=a["stride"], padding=a["padding"])
    time_layer(name, {"type": "pool1d", "kind": kind, "time": a}, m, T, B, c, lengths, seed)


def global_pool1d(name, kind, c, T, B, lengths, seed):
    def m(x):  # (1, C, L) -> (1, C, 1)
        return x.max(dim=2, keepdim=True)[0] if kind == "max" else x.mean(dim=2, keepdim=True)
    time_layer(name, {"type": "global_pool1d", "kind": kind}, m, T, B, c, lengths, seed)


def global_pool2d(name, kind, shape, T, B, seed):
    pool = torch.nn.AdaptiveMaxPool2d(1) if kind == "max" else torch.nn.AdaptiveAvgPool2d(1)
    m = torch.nn.Sequential(pool, torch.nn.Flatten())
    layer = {"type": "global_pool2d", "kind": kind, "input": dict(zip(["channels", "height", "width"], shape))}
    image_layer(name, layer, m, shape, T, B, [T] * B, seed)


def flatten(name, c, T, B, seed):
    """(T, B, C) -> (1, B, C*T) as torch.nn.Flatten() on the (B, C, T) tensor."""
    torch.manual_seed(seed)
    x = torch.randn(T, B, c, requires_grad=True)
    y = torch.nn.Flatten()(x.permute(1, 2, 0))  # (B, C*T)
    w = torch.randn(1, B, c * T)
    (y * w[0]).sum().backward()
    write(name, {"layer": {"type": "flatten", "steps": T}, "T": T, "B": B, "features": c, "lengths": [T] * B,
                 "input": flat(x), "output": flat(y), "output_steps": 1, "w_out": flat(w), "grad_input": flat(x.grad),
                 "params": {}, "grads": {}})


def batch_norm(name, shape, T, B, lengths, training, seed):
    """BatchNorm1d over the valid (t, b) rows, or BatchNorm2d over the valid frames; running statistics after."""
    torch.manual_seed(seed)
    images = shape is not None and len(shape) == 3
    c = shape[0]
    m = torch.nn.BatchNorm2d(c) if images else torch.nn.BatchNorm1d(c)
    with torch.no_grad():
        m.weight.copy_(1 + 0.5 * torch.randn(c))
        m.bias.copy_(0.5 * torch.randn(c))
        m.running_mean.copy_(0.3 * torch.randn(c))
        m.running_var.copy_(0.5 + torch.rand(c))
    before = {"running_mean": flat(m.running_mean), "running_var": flat(m.running_var)}
    m.train(training)
    size = c * (shape[1] * shape[2] if images else 1)
    x = torch.randn(T, B, size) * 2 + 0.7
    x.requires_grad_(True)
    valid = [(t, b) for t in range(T) for b in range(B) if t < lengths[b]]
    rows = torch.stack([x[t, b] for t, b in valid])
    out = m(rows.reshape(len(valid), *shape) if images else rows)
    w = torch.randn(T, B, size)
    wv = torch.stack([w[t, b] for t, b in valid]).reshape(out.shape)
    (out * wv).sum().backward()
    y = torch.zeros(T, B, size)
    for i, (t, b) in enumerate(valid):
        y[t, b] = out[i].detach().reshape(-1)
    layer = {"type": "batch_norm", "channels": c, "area": shape[1] * shape[2] if images else 1, "eps": 1e-5,
             "momentum": 0.1}
    params = {"weight": flat(m.weight), "bias": flat(m.bias), **before}
    write(name, {"layer": layer, "training": training, "T": T, "B": B, "features": size, "lengths": lengths,
                 "input": flat(x), "output": flat(y), "w_out": flat(w), "grad_input": flat(x.grad),
                 "params": params, "grads": {"weight": flat(m.weight.grad), "bias": flat(m.bias.grad)},
                 "running_after": {"running_mean": flat(m.running_mean), "running_var": flat(m.running_var)}})


def leaky_relu(name, slope, seed):
    torch.manual_seed(seed)
    x = torch.randn(3, 2, 5, requires_grad=True)
    y = F.leaky_relu(x, slope)
    w = torch.randn(3, 2, 5)
    (y * w).sum().backward()
    layer = {"type": "activation", "kind": "leaky_relu", "negative_slope": slope}
    write(name, {"layer": layer, "T": 3, "B": 2, "features": 5, "lengths": [3, 2], "input": flat(x), "output": flat(y),
                 "w_out": flat(w), "grad_input": flat(x.grad), "params": {}, "grads": {}, "unmasked": True})


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        os.remove(os.path.join(OUT, f))
    # convolutions over images: plain, strided with padding on odd sizes, stride > kernel,
    # dilated 'same' without bias, padding larger than the kernel, batch 1, padded frames
    conv2d("conv2d_k3", (2, 5, 6), 3, axis(3), axis(3), True, 1, 2, [1, 1], 10)
    conv2d("conv2d_k3_s2_p1_odd", (3, 7, 5), 4, axis(3, 2, 1), axis(3, 2, 1), True, 1, 3, [1, 1, 1], 11)
    conv2d("conv2d_k2x3_s3x1_stride_over_kernel", (2, 8, 6), 3, axis(2, 3), axis(3, 1), True, 1, 2, [1, 1], 12)
    conv2d("conv2d_k3_d2_same_nobias", (2, 6, 7), 3, axis(3, 1, 0, 2, True), axis(3, 1, 0, 2, True), False, 1, 2, [1, 1], 13)
    conv2d("conv2d_k2_p3_pad_over_kernel", (1, 4, 5), 2, axis(2, 2, 3), axis(2, 1, 3), True, 1, 2, [1, 1], 14)
    conv2d("conv2d_k1_batch1", (3, 3, 3), 2, axis(1), axis(1), True, 1, 1, [1], 15)
    conv2d("conv2d_frames_padded", (2, 5, 5), 2, axis(3, 1, 1), axis(3, 1, 1), True, 3, 2, [3, 1], 16)
    # convolutions along time, over padded batches
    conv1d("conv1d_k3", 3, 4, axis(3), True, 7, 3, [7, 5, 4], 20)
    conv1d("conv1d_k3_d2_same", 2, 3, axis(3, 1, 0, 2, True), True, 6, 2, [6, 3], 21)
    conv1d("conv1d_k2_s3_p1_stride_over_kernel", 3, 2, axis(2, 3, 1), True, 9, 2, [9, 4], 22)
    conv1d("conv1d_k5_p6_pad_over_kernel_nobias_batch1", 2, 3, axis(5, 2, 6), False, 3, 1, [3], 23)
    conv1d("conv1d_k4_even_same", 2, 2, axis(4, 1, 0, 1, True), True, 5, 2, [5, 2], 24)
    # pooling
    pool2d("pool2d_max_k2", "max", (2, 4, 6), axis(2, 2), axis(2, 2), 1, 2, [1, 1], 30)
    pool2d("pool2d_max_k3_s2_p1_odd", "max", (2, 7, 5), axis(3, 2, 1), axis(3, 2, 1), 1, 2, [1, 1], 31)
    pool2d("pool2d_max_k2_d2_s1", "max", (1, 6, 5), axis(2, 1, 0, 2), axis(2, 1, 1, 2), 1, 2, [1, 1], 32)
    pool2d("pool2d_max_k2_s3_stride_over_kernel", "max", (2, 7, 8), axis(2, 3), axis(2, 3), 1, 1, [1], 33)
    pool2d("pool2d_avg_k2", "avg", (2, 4, 6), axis(2, 2), axis(2, 2), 1, 2, [1, 1], 34)
    pool2d("pool2d_avg_k3_s2_p1_odd", "avg", (2, 7, 5), axis(3, 2, 1), axis(3, 2, 1), 1, 2, [1, 1], 35)
    pool2d("pool2d_avg_k2x3_s3x1", "avg", (1, 8, 6), axis(2, 3), axis(3, 1, 1), 2, 2, [2, 1], 36)
    pool1d("pool1d_max_k2", "max", axis(2, 2), 3, 7, 3, [7, 5, 2], 40)
    pool1d("pool1d_max_k3_s2_p1", "max", axis(3, 2, 1), 2, 8, 2, [8, 3], 41)
    pool1d("pool1d_max_k2_d2", "max", axis(2, 1, 0, 2), 2, 6, 2, [6, 4], 42)
    pool1d("pool1d_avg_k3_p1", "avg", axis(3, 1, 1), 2, 6, 2, [6, 2], 43)
    pool1d("pool1d_avg_k2_s3_batch1", "avg", axis(2, 3), 3, 8, 1, [8], 44)
    global_pool1d("global_pool1d_max", "max", 3, 6, 3, [6, 2, 4], 50)
    global_pool1d("global_pool1d_avg", "avg", 3, 6, 3, [6, 2, 4], 51)
    global_pool2d("global_pool2d_max", "max", (3, 4, 5), 1, 2, 52)
    global_pool2d("global_pool2d_avg", "avg", (3, 4, 5), 1, 2, 53)
    flatten("flatten_time", 3, 4, 2, 54)
    # batch norm: features over padded sequences, images, training and inference
    batch_norm("batch_norm1d_train", (4,), 5, 3, [5, 2, 4], True, 60)
    batch_norm("batch_norm1d_eval", (4,), 5, 3, [5, 2, 4], False, 61)
    batch_norm("batch_norm2d_train", (3, 4, 5), 1, 2, [1, 1], True, 62)
    batch_norm("batch_norm2d_eval", (3, 4, 5), 1, 2, [1, 1], False, 63)
    batch_norm("batch_norm2d_train_batch1", (2, 3, 3), 1, 1, [1], True, 64)
    leaky_relu("leaky_relu_default", 0.01, 70)
    leaky_relu("leaky_relu_0_2", 0.2, 71)


if __name__ == "__main__":
    main()
