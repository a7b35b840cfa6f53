package io.rnn4j.train;

/**
 * How a recurrent network is trained (the same names in {@code rnn4j train} and {@code rnn4j task run}):
 * <ul>
 *   <li>BPTT: back-propagation through time over whole sequences, mini-batches, Adam;</li>
 *   <li>TBPTT: truncated BPTT(k; k), an update every k steps with gradients k steps back;</li>
 *   <li>RTRL: real-time recurrent learning, online, an Adam update at every scored step;</li>
 *   <li>EKF: the global extended Kalman filter, derivatives by RTRL, an update at every scored step;</li>
 *   <li>DEKF: the decoupled EKF, one block per neuron or gate unit.</li>
 * </ul>
 */
public enum TrainingAlgorithm {
    BPTT, TBPTT, RTRL, EKF, DEKF;

    /** Parses {@code bptt|tbptt|rtrl|ekf|dekf}, naming the allowed values when it fails. */
    public static TrainingAlgorithm parse(String s) {
        for (TrainingAlgorithm a : values()) {
            if (a.name().equalsIgnoreCase(s)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown algorithm '" + s + "'; use bptt, tbptt, rtrl, ekf or dekf");
    }

    /** Whether it runs on the per-step RTRL network (online, O(n⁴) per step) rather than the fused BPTT engine. */
    public boolean online() {
        return this == RTRL || this == EKF || this == DEKF;
    }
}
