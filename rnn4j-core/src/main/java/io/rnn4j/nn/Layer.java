package io.rnn4j.nn;

import io.rnn4j.tensor.Seq;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A layer applied to whole sequences. Forward returns a {@link Pass} holding the output and
 * whatever backward needs; backward accumulates ({@code +=}) into parameter gradients and into
 * the input gradient.
 */
public interface Layer {

    /** Features per step of the output, given those of the input. */
    int outputSize(int inputSize);

    /**
     * Whether the output has one step for each input step, as most layers' does (the default). A
     * layer that collapses time, such as a recurrent layer returning only its last output, says
     * no, and truncated BPTT, which scores every window, refuses it.
     */
    default boolean keepsTimeSteps() {
        return true;
    }

    /** The layer's parameters; none by default. */
    default List<Parameter> parameters() {
        return List.of();
    }

    /** Initialises parameters; the default does nothing. */
    default void initialize(Init scheme, SplittableRandom rng) {
    }

    /**
     * @param in       input sequence
     * @param context  training flag, random source and carried recurrent state
     */
    Pass forward(Seq in, ForwardContext context);

    /**
     * @param pass the forward pass to differentiate
     * @param dOut ∂L/∂output, shaped like {@code pass.output().values}
     * @param dIn  receives += ∂L/∂input (T, B, F), or null when not wanted (or the input is tokens)
     */
    void backward(Pass pass, float[] dOut, float[] dIn);

    /**
     * A zero state for {@code batch} independent streams when the layer carries something from
     * one step to the next (a recurrent layer's h and c, a Jordan layer's output context), or null
     * when it carries nothing (the default). Throws when the layer cannot run step by step (a
     * bidirectional stack needs the whole sequence).
     */
    default RecurrentState newStreamingState(int batch) {
        return null;
    }

    /**
     * Streaming inference: runs the steps of {@code in} (T, B, ...; no padding) starting from
     * {@code state} and advances it in place. Running a sequence in pieces through this method
     * gives what one {@link #forward} over the whole sequence gives. The default is for layers
     * that carry nothing between steps: a plain inference forward, with {@code state} null.
     */
    default Seq step(Seq in, RecurrentState state) {
        return forward(in, ForwardContext.inference()).output();
    }

    /** A forward result: the input, the output and the layer's own cache. */
    final class Pass {
        private final Seq input;
        private final Seq output;
        private final Object cache;

        public Pass(Seq input, Seq output, Object cache) {
            this.input = input;
            this.output = output;
            this.cache = cache;
        }

        public Seq input() {
            return input;
        }

        public Seq output() {
            return output;
        }

        public Object cache() {
            return cache;
        }
    }
}
