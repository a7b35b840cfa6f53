package io.rnn4j.serve;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * The open sessions, by id. Ids are 128 random bits in hex, so one client cannot guess another's.
 * A session idle for longer than the TTL is closed by a sweep that runs a few times per TTL (and
 * before a create that would pass the cap); at the cap, creating one more is answered 429 with
 * the seconds until the longest-idle session expires.
 */
final class SessionStore implements AutoCloseable {

    private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();
    private final int max;
    private final long ttlNanos;
    private final SecureRandom random = new SecureRandom();
    private final ScheduledExecutorService sweeper;

    SessionStore(int max, Duration ttl) {
        this.max = max;
        this.ttlNanos = ttl.toNanos();
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rnn4j-session-sweeper");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(50, Math.min(10_000, ttl.toMillis() / 4));
        sweeper.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
    }

    /** Opens a session on a model; 429 at the cap. */
    Session create(ServedModel model) {
        return add(newId(), model, null);
    }

    /** Adds a session under a given id (a restored snapshot) or a new one ({@code made} null). */
    Session add(String id, ServedModel model, Session made) {
        if (count.incrementAndGet() > max) {
            sweep();
            if (count.get() > max) {
                count.decrementAndGet();
                throw new ApiError(429, "too_many_sessions", "the server holds its limit of " + max
                        + " sessions; close one, or wait for idle ones to expire", retryAfterSeconds());
            }
        }
        Session s = made != null ? made : new Session(id, model);
        if (sessions.putIfAbsent(id, s) != null) {
            count.decrementAndGet();
            throw new ApiError(409, "conflict", "session " + id + " exists");
        }
        return s;
    }

    String newId() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** The session with this id; 404 when there is none (or the id is malformed). */
    Session get(String id) {
        Session s = id == null || !ID.matcher(id).matches() ? null : sessions.get(id);
        if (s == null || s.closed()) {
            throw ApiError.notFound("no session '" + id + "' (closed, expired, or never opened)");
        }
        return s;
    }

    /** Closes and forgets a session; false when there was none. */
    boolean remove(String id) {
        Session s = sessions.remove(id);
        if (s == null) {
            return false;
        }
        s.close();
        count.decrementAndGet();
        return true;
    }

    int size() {
        return sessions.size();
    }

    List<Session> all() {
        return new ArrayList<>(sessions.values());
    }

    /** Closes every session idle for longer than the TTL that no request is using. */
    void sweep() {
        long now = System.nanoTime();
        for (Session s : sessions.values()) {
            if (s.idleNanos(now) > ttlNanos && !s.busy()) {
                remove(s.id);
            }
        }
    }

    private long retryAfterSeconds() {
        long now = System.nanoTime();
        long soonest = ttlNanos;
        for (Session s : sessions.values()) {
            soonest = Math.min(soonest, Math.max(0, ttlNanos - s.idleNanos(now)));
        }
        return Math.max(1, TimeUnit.NANOSECONDS.toSeconds(soonest));
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
