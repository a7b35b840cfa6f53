package io.rnn4j.spark;

import io.rnn4j.io.ModelFile;
import io.rnn4j.loss.Loss;
import io.rnn4j.nn.SequenceModel;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The training replicas of one executor JVM: a model computes one gradient at a time, so each
 * task running at once borrows its own copy, and gives it back for the next step's tasks. A
 * replica is built once from the broadcast architecture; its weights come with every step.
 */
final class Replicas {

    /** A model copy and its loss, used by one task at a time. */
    record Replica(SequenceModel model, Loss loss) {
    }

    private static final Map<String, ConcurrentLinkedQueue<Replica>> POOLS = new ConcurrentHashMap<>();

    private Replicas() {
    }

    static Replica borrow(ModelSource architecture, Factories.LossFactory loss) {
        Replica r = POOLS.computeIfAbsent(architecture.key(), k -> new ConcurrentLinkedQueue<>()).poll();
        return r != null ? r : new Replica(ModelFile.load(architecture.localFile()).model(), loss.get());
    }

    static void giveBack(ModelSource architecture, Replica r) {
        POOLS.computeIfAbsent(architecture.key(), k -> new ConcurrentLinkedQueue<>()).add(r);
    }
}
