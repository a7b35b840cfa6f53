package io.rnn4j.serve;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The server's Prometheus metrics, through Micrometer: requests by route and status, their
 * latency, open sessions, the sizes and times of batched steps, tokens stepped and the time per
 * generated token; and the JVM's heap, threads and garbage collections ({@code jvm_*}). {@code GET /metrics} serves {@link #scrape()}. A model's meters are looked up
 * once and kept, since they are recorded on every step and token.
 */
final class ServeMetrics {

    /** The meters recorded per step or token of one model. */
    private record ModelMeters(DistributionSummary batchSize, Counter tokens, Timer step, Timer tokenLatency) {
    }

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, ModelMeters> models = new ConcurrentHashMap<>();
    private final JvmGcMetrics gc = new JvmGcMetrics();

    ServeMetrics(Supplier<Number> openSessions) {
        Gauge.builder("rnn4j_sessions_open", openSessions).description("open sessions").register(registry);
        // heap, threads and GC: what an operator (and the soak run) watches for leaks and hung threads
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        gc.bindTo(registry);
    }

    /** Stops listening to the JVM's collections (a server stopped inside a longer-lived JVM). */
    void close() {
        gc.close();
        registry.close();
    }

    void request(String route, int status, long nanos) {
        Timer.builder("rnn4j_requests").description("requests by route and status")
                .tag("route", route).tag("status", Integer.toString(status))
                .register(registry).record(Duration.ofNanos(nanos));
    }

    private ModelMeters of(String model) {
        return models.computeIfAbsent(model, m -> new ModelMeters(
                DistributionSummary.builder("rnn4j_batch_size").description("sessions per step").tag("model", m).register(registry),
                Counter.builder("rnn4j_tokens").description("tokens stepped").tag("model", m).register(registry),
                Timer.builder("rnn4j_step").description("time per batched step").tag("model", m).register(registry),
                Timer.builder("rnn4j_token_latency").description("time per generated token, token by token")
                        .tag("model", m).publishPercentiles(0.5, 0.99).register(registry)));
    }

    /** A step of {@code size} sessions of a model (1 without batching). */
    void batch(String model, int size) {
        ModelMeters m = of(model);
        m.batchSize.record(size);
        m.tokens.increment(size);
    }

    /** The time one batched step of a model took (sampling and moving the states included). */
    void step(String model, long nanos) {
        of(model).step.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** The time one generated token took from the request's view (generation without batching). */
    void token(String model, long nanos) {
        of(model).tokenLatency.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    String scrape() {
        return registry.scrape();
    }
}
