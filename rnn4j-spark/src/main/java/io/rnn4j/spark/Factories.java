package io.rnn4j.spark;

import io.rnn4j.loss.Loss;
import io.rnn4j.nn.ParameterSet;
import io.rnn4j.optim.Adam;
import io.rnn4j.optim.Optimizer;
import io.rnn4j.optim.Sgd;

import java.io.Serializable;
import java.util.function.Function;
import java.util.function.Supplier;

/** The parts of a training run that executors build for themselves, shipped as serializable factories. */
public final class Factories {

    private Factories() {
    }

    /** Makes the loss on each executor, e.g. {@code SoftmaxCrossEntropy::new}. */
    @FunctionalInterface
    public interface LossFactory extends Supplier<Loss>, Serializable {
    }

    /** Makes an optimizer over a replica's parameters; its {@link Optimizer#state()} names must not depend on the replica. */
    @FunctionalInterface
    public interface OptimizerFactory extends Function<ParameterSet, Optimizer>, Serializable {
    }

    /** Adam with PyTorch's defaults. */
    public static OptimizerFactory adam() {
        return Adam::adam;
    }

    /** Plain SGD (no momentum). */
    public static OptimizerFactory sgd() {
        return Sgd::new;
    }
}
