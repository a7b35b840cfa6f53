package io.rnn4j.nn.conv;

import io.rnn4j.nn.ForwardContext;
import io.rnn4j.nn.Layer;
import io.rnn4j.tensor.Seq;

/**
 * Unfolds a feature map into the sequence of its positions, so that attention can read a CNN's
 * output as it reads an encoder's: (1, B, C·H·W) → (H·W, B, C), position p = y·W + x becoming step
 * p with the C channel values there ({@code out[p, b, c] = in[b, c·H·W + p]}), as PyTorch's
 * {@code x.flatten(2).permute(2, 0, 1)} gives for a (B, C, H, W) tensor. Every sample has all
 * H·W steps.
 */
public final class SpatialSequence implements Layer {

    private final ImageShape in;

    public SpatialSequence(ImageShape in) {
        this.in = in;
    }

    public ImageShape inputShape() {
        return in;
    }

    @Override
    public int outputSize(int inputSize) {
        in.check(inputSize, "spatial sequence");
        return in.channels();
    }

    @Override
    public boolean keepsTimeSteps() {
        return false;
    }

    @Override
    public Pass forward(Seq x, ForwardContext context) {
        outputSize(x.features);
        if (x.steps != 1) {
            throw new IllegalArgumentException("spatial sequence reads one feature map per sample (1 step), got " + x.steps + " steps");
        }
        int c = in.channels();
        int area = in.area();
        float[] y = new float[area * x.batch * c];
        for (int b = 0; b < x.batch; b++) {
            for (int ch = 0; ch < c; ch++) {
                int src = b * in.size() + ch * area;
                for (int p = 0; p < area; p++) {
                    y[(p * x.batch + b) * c + ch] = x.values[src + p];
                }
            }
        }
        return new Pass(x, Seq.ofValues(y, area, x.batch, c, null), null);
    }

    @Override
    public void backward(Pass pass, float[] dOut, float[] dIn) {
        if (dIn == null) {
            return;
        }
        int batch = pass.input().batch;
        int c = in.channels();
        int area = in.area();
        for (int b = 0; b < batch; b++) {
            for (int ch = 0; ch < c; ch++) {
                int dst = b * in.size() + ch * area;
                for (int p = 0; p < area; p++) {
                    dIn[dst + p] += dOut[(p * batch + b) * c + ch];
                }
            }
        }
    }
}
