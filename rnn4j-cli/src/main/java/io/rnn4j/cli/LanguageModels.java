package io.rnn4j.cli;

import io.rnn4j.nn.Dense;
import io.rnn4j.nn.Dropout;
import io.rnn4j.nn.Embedding;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.OneHot;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.recurrent.JordanLayer;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.nn.recurrent.RecurrentLayer;
import io.rnn4j.optim.Adam;
import io.rnn4j.optim.Optimizer;
import io.rnn4j.optim.RmsProp;
import io.rnn4j.optim.Sgd;

import java.util.Locale;

/**
 * The models and optimizers of {@code rnn4j train}, from its options: the language model that
 * BPTT trains (embedding, recurrent stack, dropout, softmax head; or a Jordan network), the one
 * the online algorithms train (one-hot inputs, no dropout), and the memory check before either is
 * built.
 */
final class LanguageModels {

    private final TrainCommand o;

    LanguageModels(TrainCommand options) {
        this.o = options;
    }

    /** The model BPTT and truncated BPTT train. */
    SequenceModel forBptt(int vocab) {
        if (o.cell.equals("jordan")) {
            if (o.layers != 1 && o.typed("--layers")) {
                throw new UsageException("--cell jordan has one hidden layer; drop --layers " + o.layers);
            }
            // The output (the logits) is the context fed back; there is no separate head.
            return new SequenceModel(vocab)
                    .add("embed", new Embedding(vocab, o.embed))
                    .add("jordan", new JordanLayer(o.embed, o.hidden, vocab, JordanLayer.OutputActivation.IDENTITY, false))
                    .initialize(Init.PYTORCH, o.seed);
        }
        RecurrentConfig rc = recurrentConfig(o.embed).layers(o.layers).dropout(o.dropout);
        return new SequenceModel(vocab)
                .add("embed", new Embedding(vocab, o.embed))
                .add("rnn", new RecurrentLayer(rc, RecurrentLayer.Output.SEQUENCE))
                .add("drop", new Dropout(o.dropout))
                .add("head", new Dense(o.hidden, vocab))
                .initialize(Init.PYTORCH, o.seed);
    }

    /**
     * The model RTRL and the filters train: one-hot tokens, the recurrent stack (no dropout) and
     * the softmax head.
     */
    SequenceModel forOnline(int vocab) {
        if (o.cell.equals("jordan") || o.cell.equals("clockwork")) {
            throw new UsageException("--algorithm " + o.algorithm + " trains lstm, gru or rnn cells, not '" + o.cell + "'");
        }
        return new SequenceModel(vocab)
                .add("onehot", new OneHot(vocab))
                .add("rnn", new RecurrentLayer(recurrentConfig(vocab).layers(o.layers), RecurrentLayer.Output.SEQUENCE))
                .add("head", new Dense(o.hidden, vocab))
                .initialize(Init.PYTORCH, o.seed);
    }

    /** The --optimizer over {@code model}'s parameters. */
    Optimizer optimizer(SequenceModel model) {
        return switch (o.optimizer) {
            case "adam" -> Adam.adam(model.parameters());
            case "sgd" -> Sgd.momentum(model.parameters(), 0.9);
            case "rmsprop" -> new RmsProp(model.parameters());
            default -> throw new UsageException("--optimizer must be adam, sgd or rmsprop, got '" + o.optimizer + "'");
        };
    }

    /** One layer of the --cell recurrent kind over {@code inputSize} features. */
    RecurrentConfig recurrentConfig(int inputSize) {
        return switch (o.cell) {
            case "lstm" -> RecurrentConfig.lstm(inputSize, o.hidden);
            case "gru" -> RecurrentConfig.gru(inputSize, o.hidden);
            case "rnn" -> RecurrentConfig.rnn(inputSize, o.hidden);
            case "clockwork" -> RecurrentConfig.clockwork(inputSize, o.hidden, o.modules);
            default -> throw new UsageException("--cell must be lstm, gru, rnn, clockwork or jordan, got '" + o.cell + "'");
        };
    }

    /**
     * Refuses a model whose training would not fit in this JVM, with the estimate: weights,
     * gradients, optimizer moments and the copies a run keeps (best weights, checkpoint state),
     * about 8 floats per parameter, plus the activations of one batch of T × B steps.
     */
    void requireMemory(int vocab, boolean online) {
        String what = String.format(Locale.ROOT, "train --cell %s --layers %d --hidden %d (vocabulary %,d)", o.cell, o.layers,
                o.hidden, vocab);
        long v = vocab;
        long h = o.hidden;
        long e = o.embed;
        if (o.cell.equals("jordan")) {
            long params = v * e + h * e + h * v + h + v * h + v;
            double activations = (double) o.seqLen * o.batch * (3 * h + 4 * v + 2 * e);
            MemoryBudget.require(what, 4.0 * (8.0 * params + activations), String.format(Locale.ROOT,
                    "%,d parameters with their gradients, optimizer moments and saved copies", params));
        } else if (online) {
            MemoryBudget.requireLanguageModel(what, recurrentConfig(vocab).layers(o.layers), v, 0, 1, 1);
        } else {
            MemoryBudget.requireLanguageModel(what, recurrentConfig(o.embed).layers(o.layers), v, o.embed, o.seqLen, o.batch);
        }
    }
}
