package io.rnn4j.bench;

import io.rnn4j.client.Rnn4jClient;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Load for {@code ./rnn4j serve}: S sessions at once, each generating T tokens per request
 * (server-sent events, read over a plain socket; see {@link #generateRaw}) for W untimed warm-up requests and then R timed ones, as a chat service's
 * streams would. The warm-up matters: the server's vector kernels run interpreted until the JIT
 * has compiled them, which takes thousands of steps. Prints the aggregate tokens/s over the timed
 * requests; per request, p50 and p99 over the requests: the time per token (its duration over
 * its tokens), the time between tokens (from its first token to its end, over the tokens after
 * the first: the rate a reader sees once the stream has begun) and the time to its first token
 * (connection, request and the first step); and the errors. {@code --json} prints them as one
 * JSON object with fixed keys instead. Run it against a server with and
 * without {@code --no-batching}.
 *
 * <pre>
 *   java -cp rnn4j-bench/target/rnn4j-benchmarks.jar io.rnn4j.bench.ServeLoad URL MODEL [SESSIONS [TOKENS [REQUESTS [WARMUP]]]] [--json]
 * </pre>
 */
public final class ServeLoad {

    private ServeLoad() {
    }

    public static void main(String[] given) throws Exception {
        boolean json = Arrays.asList(given).contains("--json");
        String[] args = Arrays.stream(given).filter(a -> !a.equals("--json")).toArray(String[]::new);
        URI base = URI.create(args[0]);
        String model = args[1];
        int sessions = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        int tokens = args.length > 3 ? Integer.parseInt(args[3]) : 200;
        int requests = args.length > 4 ? Integer.parseInt(args[4]) : 5;
        int warmup = args.length > 5 ? Integer.parseInt(args[5]) : 5;
        Rnn4jClient client = new Rnn4jClient(base);
        ExecutorService pool = Executors.newFixedThreadPool(sessions);
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger made = new AtomicInteger();
        CyclicBarrier timed = new CyclicBarrier(sessions);
        long[] window = {Long.MAX_VALUE, 0};
        List<Future<double[][]>> runs = new ArrayList<>();
        for (int s = 0; s < sessions; s++) {
            long seed = s;
            runs.add(pool.submit(() -> {
                double[] perToken = new double[requests];
                double[] first = new double[requests];
                double[] between = new double[requests];
                String id;
                try {
                    id = client.createSession(model);
                    for (int r = 0; r < warmup; r++) {
                        client.generate(id, r == 0 ? "\n" : "", tokens, 1.0, seed * 1000 + r, null);
                    }
                } catch (RuntimeException e) {
                    errors.incrementAndGet();
                    System.err.println("session " + seed + " failed before the timed requests: " + e);
                    timed.await(); // the others still start together
                    return new double[][] {new double[0], new double[0], new double[0]};
                }
                timed.await(); // every session warm before the timed requests start
                for (int r = 0; r < requests; r++) {
                    long t0 = System.nanoTime();
                    synchronized (window) {
                        window[0] = Math.min(window[0], t0);
                    }
                    long[] firstAt = {0};
                    try {
                        int n = generateRaw(base, id, tokens, seed * 1000 + warmup + r, firstAt);
                        long t1 = System.nanoTime();
                        made.addAndGet(n);
                        perToken[r] = (t1 - t0) / 1e6 / n;
                        between[r] = (t1 - firstAt[0]) / 1e6 / Math.max(1, n - 1);
                        first[r] = (firstAt[0] - t0) / 1e6;
                        synchronized (window) {
                            window[1] = Math.max(window[1], t1);
                        }
                    } catch (RuntimeException e) {
                        errors.incrementAndGet();
                        perToken[r] = Double.NaN;
                        between[r] = Double.NaN;
                        first[r] = Double.NaN;
                        System.err.println("session " + seed + ": " + e);
                    }
                }
                client.delete(id);
                return new double[][] {perToken, first, between};
            }));
        }
        List<Double> perToken = new ArrayList<>();
        List<Double> first = new ArrayList<>();
        List<Double> between = new ArrayList<>();
        for (Future<double[][]> f : runs) {
            double[][] r = f.get();
            Arrays.stream(r[0]).filter(d -> !Double.isNaN(d)).forEach(perToken::add);
            Arrays.stream(r[1]).filter(d -> !Double.isNaN(d)).forEach(first::add);
            Arrays.stream(r[2]).filter(d -> !Double.isNaN(d)).forEach(between::add);
        }
        pool.shutdown();
        double seconds = (window[1] - window[0]) / 1e9;
        double[] p = {percentile(perToken, 0.50), percentile(perToken, 0.99), percentile(between, 0.50),
                percentile(between, 0.99), percentile(first, 0.50), percentile(first, 0.99)};
        if (json) {
            System.out.printf(Locale.ROOT, "{\"sessions\": %d, \"requests\": %d, \"tokens_per_request\": %d, \"warmup_requests\": %d,"
                            + " \"tokens\": %d, \"seconds\": %.3f, \"tokens_per_second\": %.1f, \"per_token_ms_p50\": %.4f,"
                            + " \"per_token_ms_p99\": %.4f, \"between_tokens_ms_p50\": %.4f, \"between_tokens_ms_p99\": %.4f,"
                            + " \"first_token_ms_p50\": %.3f, \"first_token_ms_p99\": %.3f, \"errors\": %d}%n",
                    sessions, requests, tokens, warmup, made.get(), seconds, made.get() / seconds, p[0], p[1], p[2], p[3], p[4], p[5],
                    errors.get());
            return;
        }
        System.out.printf(Locale.ROOT, "%d sessions x %d requests x %d tokens (after %d warm-up requests): %,d tokens in %.2f s"
                        + " = %,.0f tokens/s; time per token p50 %.3f ms, p99 %.3f ms; between tokens p50 %.3f ms, p99 %.3f ms;"
                        + " first token p50 %.2f ms, p99 %.2f ms; errors %d%n",
                sessions, requests, tokens, warmup, made.get(), seconds, made.get() / seconds, p[0], p[1], p[2], p[3], p[4], p[5],
                errors.get());
    }

    /**
     * One streamed generate request over a plain socket, counting token events as the bytes
     * arrive without decoding them: a load generator that shares the server's cores should
     * spend as little of them as it can (the JDK's HTTP client parsing every event cost about a
     * third of two cores at 15,000 tokens/s).
     *
     * @return tokens received
     */
    static int generateRaw(URI base, String id, int tokens, long seed, long[] firstAt) {
        String body = "{\"max_tokens\": " + tokens + ", \"temperature\": 1.0, \"seed\": " + seed + "}";
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String head = "POST /v1/sessions/" + id + "/generate HTTP/1.1\r\nHost: " + base.getHost() + "\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n";
        byte[] token = "event: token".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] done = "event: done".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.setTcpNoDelay(true);
            java.io.OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            java.io.InputStream in = socket.getInputStream();
            byte[] buf = new byte[1 << 16];
            int count = 0;
            int matchedToken = 0;
            int matchedDone = 0;
            boolean finished = false;
            for (int n; !finished && (n = in.read(buf)) > 0; ) {
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    matchedToken = b == token[matchedToken] ? matchedToken + 1 : (b == token[0] ? 1 : 0);
                    if (matchedToken == token.length) {
                        if (count++ == 0) {
                            firstAt[0] = System.nanoTime();
                        }
                        matchedToken = 0;
                    }
                    matchedDone = b == done[matchedDone] ? matchedDone + 1 : (b == done[0] ? 1 : 0);
                    if (matchedDone == done.length) {
                        finished = true;
                        matchedDone = 0;
                    }
                }
            }
            if (!finished) {
                throw new IllegalStateException("the event stream ended before its 'done' event");
            }
            return count;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static double percentile(List<Double> values, double q) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v[Math.min(v.length - 1, (int) Math.floor(q * v.length))];
    }
}
