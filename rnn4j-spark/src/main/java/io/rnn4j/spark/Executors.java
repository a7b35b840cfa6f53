package io.rnn4j.spark;

import org.apache.spark.SparkEnv;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * What one executor JVM keeps between tasks: each model loaded once, whatever number of tasks
 * and partitions use it (tasks of one executor share it; rnn4j's inference is thread-safe).
 */
final class Executors {

    private static final Map<String, Object> LOADED = new ConcurrentHashMap<>();
    private static final AtomicInteger LOADS = new AtomicInteger();

    private Executors() {
    }

    /** The model {@code load} makes of the source's file, loaded on the first call in this JVM. */
    @SuppressWarnings("unchecked")
    static <T> T model(ModelSource source, String kind, Function<Path, T> load) {
        return (T) LOADED.computeIfAbsent(kind + "|" + source.key(), k -> {
            LOADS.incrementAndGet();
            return load.apply(source.localFile());
        });
    }

    /** Models loaded by this JVM so far (tests check that a job loads each once). */
    static int loads() {
        return LOADS.get();
    }

    /** Forgets every loaded model (tests). */
    static void clear() {
        LOADED.clear();
    }

    /** Sets rnn4j's thread count in this JVM to {@code n}; 0 leaves it. */
    static void useThreads(int n) {
        if (n > 0 && io.rnn4j.kernel.Parallel.threads() != n) {
            io.rnn4j.kernel.Parallel.setThreads(n);
        }
    }

    /** This executor's name and host, for messages. */
    static String host() {
        String id = SparkEnv.get() == null ? "?" : SparkEnv.get().executorId();
        try {
            return id + " on " + InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return id;
        }
    }
}
