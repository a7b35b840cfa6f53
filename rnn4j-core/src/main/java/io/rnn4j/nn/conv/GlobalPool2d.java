package io.rnn4j.nn.conv;

import io.rnn4j.nn.ForwardContext;
import io.rnn4j.nn.Layer;
import io.rnn4j.tensor.Seq;

/**
 * Pools each channel of the image at every step over all its pixels: (C, H, W) → (C), as
 * PyTorch's {@code nn.AdaptiveAvgPool2d(1)} / {@code nn.AdaptiveMaxPool2d(1)} followed by a
 * flatten. Global average pooling (Lin et al. 2014) is the usual bridge from a CNN's last feature
 * map to a classifier or a decoder's initial state.
 */
public final class GlobalPool2d implements Layer {

    private final PoolKind kind;
    private final ImageShape in;

    public GlobalPool2d(PoolKind kind, ImageShape in) {
        this.kind = kind;
        this.in = in;
    }

    public PoolKind kind() {
        return kind;
    }

    public ImageShape inputShape() {
        return in;
    }

    @Override
    public int outputSize(int inputSize) {
        in.check(inputSize, "global_pool2d");
        return in.channels();
    }

    @Override
    public Pass forward(Seq x, ForwardContext context) {
        outputSize(x.features);
        int planes = x.steps * x.batch * in.channels();
        int area = in.area();
        float[] y = new float[planes];
        int[] argmax = kind == PoolKind.MAX ? new int[planes] : null;
        for (int p = 0; p < planes; p++) {
            int off = p * area;
            if (kind == PoolKind.MAX) {
                int at = 0;
                for (int i = 1; i < area; i++) {
                    if (x.values[off + i] > x.values[off + at]) {
                        at = i;
                    }
                }
                y[p] = x.values[off + at];
                argmax[p] = at;
            } else {
                float s = 0f;
                for (int i = 0; i < area; i++) {
                    s += x.values[off + i];
                }
                y[p] = s / area;
            }
        }
        return new Pass(x, x.withValues(y, in.channels()), argmax);
    }

    @Override
    public void backward(Pass pass, float[] dOut, float[] dIn) {
        if (dIn == null) {
            return;
        }
        int[] argmax = (int[]) pass.cache();
        int area = in.area();
        for (int p = 0; p < dOut.length; p++) {
            if (kind == PoolKind.MAX) {
                dIn[p * area + argmax[p]] += dOut[p];
            } else {
                float g = dOut[p] / area;
                for (int i = 0; i < area; i++) {
                    dIn[p * area + i] += g;
                }
            }
        }
    }
}
