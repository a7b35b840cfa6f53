package io.rnn4j.nn.conv;

import io.rnn4j.nn.ForwardContext;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.Layer;
import io.rnn4j.nn.Parameter;
import io.rnn4j.nn.RecurrentState;
import io.rnn4j.tensor.Seq;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The encoding–forecasting ConvLSTM network of Shi et al. 2015 (§3.2, Fig. 3): an encoder stack of
 * L ConvLSTM layers reads the T input frames (C, H, W); a forecasting stack of L layers, each
 * starting from the final H and C of the encoder's layer of the same depth, runs K further steps
 * with no input; every forecasting step's hidden maps of all L layers, concatenated by channel,
 * are the output (K, B, L·D·H·W), for a 1×1 convolution to turn into the predicted frames.
 *
 * <p>It reads whole sequences and has no streaming step (a forecast restarts from the frames).
 * Parameters: the encoder's {@code encoder_l<l>_…} and the forecaster's {@code forecaster_l<l>_…},
 * named as in {@link ConvLstm}; the forecaster's first layer has no input weights.
 */
public final class ConvLstmEncoderForecaster implements Layer {

    private final ImageShape input;
    private final int hidden;
    private final int kernel;
    private final boolean peepholes;
    private final int outputSteps;
    private final ConvLstmStack encoder;
    private final ConvLstmStack forecaster;

    /**
     * @param input       the frames' shape (C, H, W)
     * @param hidden      D, every layer's state channels
     * @param layers      L, on each side
     * @param kernel      k, odd
     * @param outputSteps K, the frames to forecast
     */
    public ConvLstmEncoderForecaster(ImageShape input, int hidden, int layers, int kernel, boolean peepholes, int outputSteps) {
        if (outputSteps < 1) {
            throw new IllegalArgumentException("an encoder-forecaster forecasts >= 1 step, got " + outputSteps);
        }
        this.input = input;
        this.hidden = hidden;
        this.kernel = kernel;
        this.peepholes = peepholes;
        this.outputSteps = outputSteps;
        this.encoder = new ConvLstmStack(input.height(), input.width(), input.channels(), hidden, layers, kernel, peepholes,
                "encoder_");
        this.forecaster = new ConvLstmStack(input.height(), input.width(), 0, hidden, layers, kernel, peepholes, "forecaster_");
    }

    public static long parameterCount(ImageShape input, int hidden, int layers, int kernel, boolean peepholes) {
        return ConvLstmStack.parameterCount(input.height(), input.width(), input.channels(), hidden, layers, kernel, peepholes)
                + ConvLstmStack.parameterCount(input.height(), input.width(), 0, hidden, layers, kernel, peepholes);
    }

    public ImageShape inputShape() {
        return input;
    }

    /** The shape of each output step: (L·D, H, W). */
    public ImageShape outputShape() {
        return new ImageShape(encoder.layers() * hidden, input.height(), input.width());
    }

    public int hidden() {
        return hidden;
    }

    public int layers() {
        return encoder.layers();
    }

    public int kernel() {
        return kernel;
    }

    public boolean peepholes() {
        return peepholes;
    }

    public int outputSteps() {
        return outputSteps;
    }

    @Override
    public boolean keepsTimeSteps() {
        return false;
    }

    @Override
    public int outputSize(int inputSize) {
        input.check(inputSize, "ConvLSTM encoder-forecaster");
        return outputShape().size();
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>(encoder.parameters());
        ps.addAll(forecaster.parameters());
        return ps;
    }

    @Override
    public void initialize(Init scheme, SplittableRandom rng) {
        encoder.initialize(scheme, rng);
        forecaster.initialize(scheme, rng);
    }

    private record Run(ConvLstmStack.Run encoded, ConvLstmStack.Run forecast) {
    }

    @Override
    public Pass forward(Seq x, ForwardContext context) {
        if (x.isTokens()) {
            throw new IllegalArgumentException("a ConvLSTM encoder-forecaster reads images, not token ids");
        }
        outputSize(x.features);
        if (x.lengths != null) {
            throw new IllegalArgumentException("a ConvLSTM encoder-forecaster reads whole sequences of frames, without lengths");
        }
        ConvLstmStack.Run encoded = encoder.forward(x.values, x.steps, x.batch, null, null, context);
        ConvLstmStack.Run forecast = forecaster.forward(null, outputSteps, x.batch, encoded.h, encoded.c, context);
        int n = forecaster.stateSize();
        int layers = forecaster.layers();
        float[] out = new float[outputSteps * x.batch * layers * n];
        for (int t = 0; t < outputSteps; t++) {
            for (int b = 0; b < x.batch; b++) {
                for (int l = 0; l < layers; l++) {
                    System.arraycopy(forecast.outputs[l], (t * x.batch + b) * n, out, ((t * x.batch + b) * layers + l) * n, n);
                }
            }
        }
        return new Pass(x, Seq.ofValues(out, outputSteps, x.batch, layers * n, null), new Run(encoded, forecast));
    }

    @Override
    public void backward(Pass pass, float[] dOut, float[] dIn) {
        Run run = (Run) pass.cache();
        int batch = pass.input().batch;
        int n = forecaster.stateSize();
        int layers = forecaster.layers();
        float[][] dOutputs = new float[layers][outputSteps * batch * n];
        for (int t = 0; t < outputSteps; t++) {
            for (int b = 0; b < batch; b++) {
                for (int l = 0; l < layers; l++) {
                    System.arraycopy(dOut, ((t * batch + b) * layers + l) * n, dOutputs[l], (t * batch + b) * n, n);
                }
            }
        }
        float[][][] dStart = forecaster.backward(run.forecast, dOutputs, null, null, null);
        encoder.backward(run.encoded, null, dStart[0], dStart[1], dIn);
    }

    @Override
    public RecurrentState newStreamingState(int batch) {
        throw new IllegalStateException("a ConvLSTM encoder-forecaster forecasts from whole input sequences and cannot stream"
                + " step by step; stream a ConvLstm instead");
    }
}
