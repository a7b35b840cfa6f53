package io.rnn4j.forecast;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Calendar features of each time step, each in [−0.5, 0.5], as Informer's "timeF" encoding
 * (Zhou et al. 2021) writes them for hourly data: hour of day {@code h/23 − 0.5}, day of week
 * {@code d/6 − 0.5} (Monday 0), day of month {@code (d−1)/30 − 0.5} and day of year
 * {@code (d−1)/365 − 0.5}. Returned (rows, 4) row-major.
 */
public final class CalendarFeatures {

    public static final int COUNT = 4;

    private CalendarFeatures() {
    }

    public static float[] of(long[] epochSeconds) {
        float[] f = new float[epochSeconds.length * COUNT];
        for (int i = 0; i < epochSeconds.length; i++) {
            LocalDateTime t = LocalDateTime.ofEpochSecond(epochSeconds[i], 0, ZoneOffset.UTC);
            f[i * COUNT] = t.getHour() / 23f - 0.5f;
            f[i * COUNT + 1] = (t.getDayOfWeek().getValue() - 1) / 6f - 0.5f;
            f[i * COUNT + 2] = (t.getDayOfMonth() - 1) / 30f - 0.5f;
            f[i * COUNT + 3] = (t.getDayOfYear() - 1) / 365f - 0.5f;
        }
        return f;
    }
}
