package io.rnn4j.nn;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What a forward pass needs besides its input: whether it trains (dropout on), the random source,
 * and the recurrent states carried in and out, by layer name ({@link RecurrentState}: PyTorch-shaped
 * {@code [layer·directions + direction][state kind]} blocks of (B, H), kind 0 = h, 1 = c).
 */
public final class ForwardContext {

    private final boolean training;
    private final boolean gradients;
    private final SplittableRandom random;
    private final Map<String, RecurrentState> initialStates;
    private final Map<String, RecurrentState> finalStates = new HashMap<>();
    private String currentLayer = "";
    private float[] teacher;

    /** A pass that may be back-propagated; {@code training} switches dropout on. */
    public ForwardContext(boolean training, SplittableRandom random, Map<String, RecurrentState> initialStates) {
        this(training, true, random, initialStates);
    }

    private ForwardContext(boolean training, boolean gradients, SplittableRandom random, Map<String, RecurrentState> initialStates) {
        if (training && random == null) {
            throw new IllegalArgumentException("training needs a random source for dropout");
        }
        this.training = training;
        this.gradients = gradients;
        this.random = random;
        this.initialStates = initialStates == null ? Map.of() : initialStates;
    }

    /**
     * Inference: no dropout, and no backward will follow, so layers keep only their outputs and
     * recycle everything else at once.
     */
    public static ForwardContext inference() {
        return inference(null);
    }

    /** Inference starting from carried recurrent states. */
    public static ForwardContext inference(Map<String, RecurrentState> initialStates) {
        return new ForwardContext(false, false, null, initialStates);
    }

    /**
     * Inference for one layer run on its own (a layer's streaming step), starting from its
     * carried state; {@link #finalState()} then holds the state it ends in.
     */
    public static ForwardContext inferenceFrom(RecurrentState state) {
        return inference(Map.of("", state));
    }

    /** The final state of the running layer (see {@link #inferenceFrom}), or null. */
    public RecurrentState finalState() {
        return finalStates.get(currentLayer);
    }

    /** Whether a backward pass may follow (false for {@link #inference()}). */
    public boolean gradients() {
        return gradients;
    }

    public boolean training() {
        return training;
    }

    public SplittableRandom random() {
        return random;
    }

    /** Names the layer about to run; {@link SequenceModel} calls this before each layer. */
    public void enter(String layerName) {
        this.currentLayer = layerName;
    }

    /** The carried-in state of the running layer, or null for zeros. */
    public RecurrentState initialState() {
        return initialStates.get(currentLayer);
    }

    /** Records the running layer's final state. */
    public void putFinalState(RecurrentState state) {
        finalStates.put(currentLayer, state);
    }

    /**
     * The targets of the pass (T, B, O) as real values, when the caller knows them (a training
     * pass through {@link SequenceModel#gradient}); layers with teacher forcing read them. Null
     * otherwise.
     */
    public float[] teacher() {
        return teacher;
    }

    /** Sets the real-valued targets of this pass (see {@link #teacher()}). */
    public void setTeacher(float[] targets) {
        this.teacher = targets;
    }

    /** Final recurrent states of this pass, by layer name. */
    public Map<String, RecurrentState> finalStates() {
        return finalStates;
    }
}
