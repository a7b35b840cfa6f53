package io.rnn4j.nn;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What a forward pass needs besides its input: whether it trains (dropout on), the random source,
 * and the recurrent states carried in and out, by layer name. States are PyTorch-shaped:
 * {@code [layer·directions + direction][state kind]} blocks of (B, H), kind 0 = h, 1 = c.
 */
public final class ForwardContext {

    private final boolean training;
    private final SplittableRandom random;
    private final Map<String, float[][][]> initialStates;
    private final Map<String, float[][][]> finalStates = new HashMap<>();
    private String currentLayer = "";

    public ForwardContext(boolean training, SplittableRandom random, Map<String, float[][][]> initialStates) {
        if (training && random == null) {
            throw new IllegalArgumentException("training needs a random source for dropout");
        }
        this.training = training;
        this.random = random;
        this.initialStates = initialStates == null ? Map.of() : initialStates;
    }

    public static ForwardContext inference() {
        return new ForwardContext(false, null, null);
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
    public float[][][] initialState() {
        return initialStates.get(currentLayer);
    }

    /** Records the running layer's final state. */
    public void putFinalState(float[][][] state) {
        finalStates.put(currentLayer, state);
    }

    /** Final recurrent states of this pass, by layer name. */
    public Map<String, float[][][]> finalStates() {
        return finalStates;
    }
}
