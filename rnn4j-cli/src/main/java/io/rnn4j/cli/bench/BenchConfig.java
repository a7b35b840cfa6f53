package io.rnn4j.cli.bench;

import io.rnn4j.loss.Loss;
import io.rnn4j.loss.MeanSquaredError;
import io.rnn4j.loss.SoftmaxCrossEntropy;
import io.rnn4j.loss.Targets;
import io.rnn4j.nn.Dense;
import io.rnn4j.nn.Embedding;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.recurrent.RecurrentConfig.CellType;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.nn.recurrent.RecurrentLayer;
import io.rnn4j.tensor.Seq;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The named benchmark configurations of {@code rnn4j bench}, shared with the PyTorch peer
 * ({@code rnn4j-bench/peers/pytorch_rnn.py} builds the same models):
 *
 * <table>
 * <caption>Benchmark configurations</caption>
 *   <tr><th>name</th><th>model</th><th>input</th><th>T</th><th>B</th></tr>
 *   <tr><td>a</td><td>char LM: embedding 64, vocabulary 65, LSTM 2×256, dense head, cross-entropy</td><td>–</td><td>100</td><td>32</td></tr>
 *   <tr><td>b</td><td>LSTM 1×512, MSE against random targets</td><td>512</td><td>100</td><td>64</td></tr>
 *   <tr><td>c</td><td>LSTM 1×128</td><td>128</td><td>50</td><td>16</td></tr>
 *   <tr><td>d</td><td>GRU 1×512</td><td>512</td><td>100</td><td>64</td></tr>
 *   <tr><td>e</td><td>vanilla RNN (tanh) 1×512</td><td>512</td><td>100</td><td>64</td></tr>
 *   <tr><td>f</td><td>model a streamed one step at a time, batch 1</td><td>–</td><td>1</td><td>1</td></tr>
 *   <tr><td>g</td><td>serving: 64 independent streams of model a, stepped together one token at a time</td><td>–</td><td>1</td><td>64</td></tr>
 * </table>
 *
 * <p>Effective FLOPs count the GEMMs, as the engineering guide does: a recurrent layer's forward
 * is {@code 2·T·B·(I+H)·G·H} (G = 4 LSTM, 3 GRU, 1 RNN) per direction, a dense head
 * {@code 2·T·B·H·V}; training is 3× the forward.
 */
public record BenchConfig(String name, String description, CellType cell, int input, int hidden, int layers,
                          int vocab, int steps, int batch, boolean streaming) {

    public static final List<BenchConfig> ALL = List.of(
            new BenchConfig("a", "char LM, LSTM 2x256, emb 64, vocab 65", CellType.LSTM, 64, 256, 2, 65, 100, 32, false),
            new BenchConfig("b", "LSTM 1x512, input 512", CellType.LSTM, 512, 512, 1, 0, 100, 64, false),
            new BenchConfig("c", "LSTM 1x128, input 128", CellType.LSTM, 128, 128, 1, 0, 50, 16, false),
            new BenchConfig("d", "GRU 1x512, input 512", CellType.GRU, 512, 512, 1, 0, 100, 64, false),
            new BenchConfig("e", "RNN tanh 1x512, input 512", CellType.RNN, 512, 512, 1, 0, 100, 64, false),
            new BenchConfig("f", "streaming: model a, batch 1, one step", CellType.LSTM, 64, 256, 2, 65, 1, 1, true),
            new BenchConfig("g", "serving: model a, 64 streams, one step", CellType.LSTM, 64, 256, 2, 65, 1, 64, true));

    public static BenchConfig named(String name) {
        for (BenchConfig c : ALL) {
            if (c.name.equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("no benchmark configuration '" + name + "'; choose from a, b, c, d, e, f, g");
    }

    public boolean languageModel() {
        return vocab > 0;
    }

    public SequenceModel model(long seed) {
        RecurrentConfig rc = RecurrentConfig.of(cell, input, hidden).layers(layers);
        SequenceModel m = new SequenceModel(languageModel() ? vocab : input);
        if (languageModel()) {
            m.add("embed", new Embedding(vocab, input));
        }
        m.add("rnn", new RecurrentLayer(rc, RecurrentLayer.Output.SEQUENCE));
        if (languageModel()) {
            m.add("head", new Dense(hidden, vocab));
        }
        return m.initialize(Init.PYTORCH, seed);
    }

    public Loss loss() {
        return languageModel() ? new SoftmaxCrossEntropy() : new MeanSquaredError();
    }

    /** A random input batch and targets of this configuration's shape. */
    public Seq input(SplittableRandom r) {
        if (languageModel()) {
            int[] tokens = new int[steps * batch];
            for (int i = 0; i < tokens.length; i++) {
                tokens[i] = r.nextInt(vocab);
            }
            return Seq.ofTokens(tokens, steps, batch, null);
        }
        float[] x = new float[steps * batch * input];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return Seq.ofValues(x, steps, batch, input, null);
    }

    public Targets targets(SplittableRandom r) {
        if (languageModel()) {
            int[] t = new int[steps * batch];
            for (int i = 0; i < t.length; i++) {
                t[i] = r.nextInt(vocab);
            }
            return Targets.classes(t);
        }
        float[] y = new float[steps * batch * hidden];
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return Targets.values(y);
    }

    /** GEMM flops of one forward pass over T·B tokens. */
    public double forwardFlops() {
        int g = cell.gates();
        double tb = (double) steps * batch;
        double f = 0;
        for (int l = 0; l < layers; l++) {
            int in = l == 0 ? input : hidden;
            f += 2 * tb * (in + hidden) * g * hidden;
        }
        if (languageModel()) {
            f += 2 * tb * hidden * vocab;
        }
        return f;
    }
}
