package io.rnn4j.nn;

import io.rnn4j.tensor.Seq;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A layer with several inputs: a {@link Merge} of branches, and later attention (a query
 * sequence and the memory it reads). It is the many-input twin of {@link Layer}: forward keeps
 * what backward needs in a {@link Pass}; backward accumulates ({@code +=}) into parameter
 * gradients and into one gradient buffer per input.
 */
public interface MultiInputLayer {

    /** Features per step of the output, given those of each input; throws on a mismatch. */
    int outputSize(int[] inputSizes);

    /** The layer's parameters; none by default. */
    default List<Parameter> parameters() {
        return List.of();
    }

    /** Initialises parameters; the default does nothing. */
    default void initialize(Init scheme, SplittableRandom rng) {
    }

    Pass forward(Seq[] inputs, ForwardContext context);

    /**
     * @param dOut ∂L/∂output, shaped like {@code pass.output().values}
     * @param dIns one buffer per input receiving += ∂L/∂input; an entry is null when that
     *             gradient is not wanted (or the input is tokens)
     */
    void backward(Pass pass, float[] dOut, float[][] dIns);

    /** As {@link Layer#newStreamingState}: null (the default) when nothing is carried between steps. */
    default RecurrentState newStreamingState(int batch) {
        return null;
    }

    /** As {@link Layer#step}; the default is a plain inference forward. */
    default Seq step(Seq[] inputs, RecurrentState state) {
        return forward(inputs, ForwardContext.inference()).output();
    }

    /** A forward result: the inputs, the output and the layer's own cache. */
    record Pass(Seq[] inputs, Seq output, Object cache) {
    }
}
