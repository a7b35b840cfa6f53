package io.rnn4j.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A soak run against {@code rnn4j serve} serving a character language model: worker threads
 * send a random mix of good requests (streamed and whole generations, steps, resets, session
 * churn) and bad ones (oversize bodies, malformed JSON, invalid UTF-8, wrong types, characters
 * outside the vocabulary, unknown sessions), and hang up on some streams part way. Every answer
 * is checked against the statuses its request may get; anything else (a 5xx, a 4xx where a 200
 * was due, a stream that ends without its {@code done} event) is an unexpected answer and is
 * printed. Once a minute it prints the counts and the server's heap, live threads and open
 * sessions from {@code /metrics}.
 *
 * <pre>
 *   java -cp rnn4j-benchmarks.jar io.rnn4j.bench.ServeSoak URL MODEL MINUTES [WORKERS] [MAX_BODY_BYTES]
 * </pre>
 *
 * The server must be started with {@code --max-body} equal to MAX_BODY_BYTES (default 65536).
 * Exits with status 1 when any answer was unexpected. {@code scripts/serve-soak.sh} runs the whole
 * check (server, this, heap after GC and a thread dump at the end).
 */
public final class ServeSoak {

    /** The characters good requests send: all of them in a Shakespeare character vocabulary. */
    private static final String TEXT = "the quick brown fox jumps over the lazy dog, and ROMEO said: so.\n";

    private final URI base;
    private final String model;
    private final int maxBody;
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong unexpected = new AtomicLong();
    private final ConcurrentLinkedQueue<String> firstUnexpected = new ConcurrentLinkedQueue<>();

    private ServeSoak(URI base, String model, int maxBody) {
        this.base = base;
        this.model = model;
        this.maxBody = maxBody;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: ServeSoak URL MODEL MINUTES [WORKERS] [MAX_BODY_BYTES]");
            System.exit(2);
        }
        ServeSoak soak = new ServeSoak(URI.create(args[0]), args[1], args.length > 4 ? Integer.parseInt(args[4]) : 65536);
        double minutes = Double.parseDouble(args[2]);
        int workers = args.length > 3 ? Integer.parseInt(args[3]) : 16;
        long end = System.nanoTime() + (long) (minutes * 60e9);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            long seed = w;
            Thread t = new Thread(() -> soak.work(seed, end), "soak-" + w);
            t.start();
            threads.add(t);
        }
        long started = System.nanoTime();
        for (int minute = 1; System.nanoTime() < end; minute++) {
            long wake = Math.min(end, started + minute * 60_000_000_000L);
            while (System.nanoTime() < wake) {
                Thread.sleep(Math.max(1, (wake - System.nanoTime()) / 1_000_000));
            }
            soak.report();
        }
        for (Thread t : threads) {
            t.join();
        }
        soak.report();
        System.out.println("first unexpected answers: " + (soak.firstUnexpected.isEmpty() ? "none" : ""));
        soak.firstUnexpected.forEach(u -> System.out.println("  " + u));
        System.exit(soak.unexpected.get() == 0 ? 0 : 1);
    }

    private void report() {
        String metrics;
        try {
            metrics = exchange("GET", "/metrics", null, false).body;
        } catch (IOException e) {
            metrics = "";
        }
        System.out.printf(Locale.ROOT, "%s requests %,d, unexpected %d, by answer %s; server heap used %.1f MiB, live threads %.0f, open sessions %.0f%n",
                java.time.LocalTime.now().withNano(0), requests.get(), unexpected.get(), new TreeMap<>(counts),
                sum(metrics, "(?m)^jvm_memory_used_bytes\\{area=\"heap\"[^}]*\\} (\\S+)") / (1 << 20),
                sum(metrics, "(?m)^jvm_threads_live_threads (\\S+)"), sum(metrics, "(?m)^rnn4j_sessions_open (\\S+)"));
    }

    private static double sum(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        double s = 0;
        while (m.find()) {
            s += Double.parseDouble(m.group(1));
        }
        return s;
    }

    /** One worker: a session of its own, and random requests until the end. */
    private void work(long seed, long end) {
        SplittableRandom rng = new SplittableRandom(seed);
        String session = null;
        while (System.nanoTime() < end) {
            try {
                if (session == null) {
                    Answer a = check("create", exchange("POST", "/v1/sessions", json("{\"model\": \"" + model + "\"}"), false), Set.of(201, 429));
                    session = a.status == 201 ? field(a.body, "id") : null;
                    if (session == null) {
                        Thread.sleep(100);
                        continue;
                    }
                    check("prime", exchange("POST", path(session, "step"), json("{\"text\": \"ROMEO:\"}"), false), Set.of(200));
                }
                session = act(rng, session);
            } catch (IOException e) {
                // a refused or reset connection is an unexpected answer too
                note("io", -1, e.toString(), false);
            } catch (InterruptedException e) {
                return;
            }
        }
        if (session != null) {
            try {
                check("delete", exchange("DELETE", path(session, null), null, false), Set.of(204));
            } catch (IOException e) {
                note("io", -1, e.toString(), false);
            }
        }
    }

    /** One random request on the worker's session; returns the session to use next (null: open a new one). */
    private String act(SplittableRandom rng, String id) throws IOException {
        int pick = rng.nextInt(100);
        if (pick < 30) {
            int tokens = 20 + rng.nextInt(280);
            String body = String.format(Locale.ROOT, "{\"max_tokens\": %d, \"temperature\": %.2f, \"top_k\": %d, \"top_p\": %.2f, \"seed\": %d}",
                    tokens, 0.5 + rng.nextDouble(), rng.nextInt(3) * 10, 0.8 + 0.2 * rng.nextDouble(), rng.nextLong(1 << 30));
            Answer a = check("generate", exchange("POST", path(id, "generate"), json(body), false), Set.of(200));
            if (a.status == 200 && !a.body.contains("event: done")) {
                note("generate", a.status, "the event stream ended without its done event", false);
            }
        } else if (pick < 37) {
            // hang up part way through a stream: the server must notice, stop and free the session
            exchange("POST", path(id, "generate"), json("{\"max_tokens\": 2000}"), true);
            count("disconnect");
            sleep(50);
            // it notices at its next write, so the session may still be busy (409): then its TTL closes it
            check("delete-after-hang-up", exchange("DELETE", path(id, null), null, false), Set.of(204, 409));
            return null;
        } else if (pick < 57) {
            int from = rng.nextInt(TEXT.length() - 10);
            String text = TEXT.substring(from, from + 1 + rng.nextInt(9)).replace("\n", "\\n");
            check("step", exchange("POST", path(id, "step"), json("{\"text\": \"" + text + "\"}"), false), Set.of(200));
        } else if (pick < 61) {
            check("unknown-char", exchange("POST", path(id, "step"), json("{\"text\": \"a~b\"}"), false), Set.of(400));
        } else if (pick < 65) {
            byte[] big = new byte[maxBody + 1 + rng.nextInt(maxBody)];
            java.util.Arrays.fill(big, (byte) 'a');
            big[0] = '"';
            check("oversize", exchange("POST", path(id, "step"), big, false), Set.of(413));
        } else if (pick < 70) {
            String[] bad = {"{\"text\": ", "{text: \"a\"}", "[1, 2", "{\"text\": \"a\", \"text\": \"b\"}", "", "nul", "{\"text\": \"a\"} x"};
            check("malformed", exchange("POST", path(id, "step"), json(bad[rng.nextInt(bad.length)]), false), Set.of(400));
        } else if (pick < 73) {
            byte[] body = {'{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
            check("bad-utf8", exchange("POST", path(id, "step"), body, false), Set.of(400));
        } else if (pick < 76) {
            check("wrong-type", exchange("POST", path(id, "generate"), json("{\"max_tokens\": \"many\"}"), false), Set.of(400));
        } else if (pick < 79) {
            check("unknown-session", exchange("POST", path("0123456789abcdef0123456789abcdef", "step"), json("{\"text\": \"a\"}"), false), Set.of(404));
        } else if (pick < 83) {
            check("reset", exchange("POST", path(id, "reset"), json("{}"), false), Set.of(200));
            check("prime", exchange("POST", path(id, "step"), json("{\"text\": \"the \"}"), false), Set.of(200));
        } else if (pick < 87) {
            check("read", exchange("GET", path(id, null), null, false), Set.of(200));
        } else if (pick < 91) {
            check("whole", exchange("POST", path(id, "generate"), json("{\"max_tokens\": 50, \"stream\": false}"), false), Set.of(200));
        } else if (pick < 96) {
            check("delete", exchange("DELETE", path(id, null), null, false), Set.of(204));
            return null;
        } else {
            check("models", exchange("GET", "/v1/models", null, false), Set.of(200));
        }
        return id;
    }

    /** The body of a chunked answer without its framing; of a cut-off answer, as much as came. */
    private static byte[] unchunk(byte[] framed) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] crlf = {'\r', '\n'};
        int at = 0;
        while (at < framed.length) {
            int eol = indexOf(framed, crlf, at);
            if (eol < 0) {
                break;
            }
            String line = new String(framed, at, eol - at, StandardCharsets.US_ASCII).trim();
            int size = Integer.parseInt(line.split(";")[0], 16);
            if (size == 0) {
                break;
            }
            int from = eol + 2;
            int to = Math.min(framed.length, from + size);
            body.write(framed, from, to - from);
            at = to + 2;
        }
        return body.toByteArray();
    }

    private static int indexOf(byte[] a, byte[] what, int from) {
        outer:
        for (int i = from; i + what.length <= a.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (a[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String path(String id, String action) {
        return "/v1/sessions/" + id + (action == null ? "" : "/" + action);
    }

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    private record Answer(int status, String body) {
    }

    private Answer check(String what, Answer a, Set<Integer> allowed) {
        note(what, a.status, a.body, allowed.contains(a.status));
        return a;
    }

    private void note(String what, int status, String detail, boolean expected) {
        requests.incrementAndGet();
        count(what + " " + status);
        if (!expected) {
            unexpected.incrementAndGet();
            if (firstUnexpected.size() < 20) {
                firstUnexpected.add(what + " " + status + ": " + detail.substring(0, Math.min(300, detail.length())));
            }
        }
    }

    private void count(String key) {
        counts.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
    }

    /**
     * One request over a plain socket (the soak sends bodies no well-behaved client would); with
     * {@code hangUp} the socket is closed after the first bytes of the answer.
     */
    private Answer exchange(String method, String path, byte[] body, boolean hangUp) throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(120_000);
            OutputStream out = socket.getOutputStream();
            String head = method + " " + path + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\nConnection: close\r\n"
                    + (body == null ? "" : "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n") + "\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            if (body != null) {
                try {
                    out.write(body);
                } catch (IOException e) {
                    // the server may answer 413 and close before an oversize body is all sent
                }
            }
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) > 0; ) {
                got.write(buf, 0, n);
                if (hangUp && got.size() > 200) {
                    return new Answer(0, "");
                }
            }
            byte[] raw = got.toByteArray();
            int split = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
            String headers = new String(raw, 0, split < 0 ? raw.length : split, StandardCharsets.ISO_8859_1);
            if (!headers.startsWith("HTTP/1.1 ")) {
                return new Answer(-1, "no HTTP answer: " + headers);
            }
            int status = Integer.parseInt(headers.substring(9, 12));
            if (split < 0) {
                return new Answer(status, "");
            }
            byte[] rest = java.util.Arrays.copyOfRange(raw, split + 4, raw.length);
            boolean chunked = headers.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked");
            return new Answer(status, new String(chunked ? unchunk(rest) : rest, StandardCharsets.UTF_8));
        }
    }
}
