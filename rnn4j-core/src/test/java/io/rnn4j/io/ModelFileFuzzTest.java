package io.rnn4j.io;

import io.rnn4j.nn.recurrent.RecurrentLayer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * 10,000 randomly mutated or truncated model files (with a saved streaming state): the loader
 * either loads them or refuses them with a one-line {@link ModelFormatException}; no other
 * exception, no OutOfMemoryError. In the slow profile, as issue 6 asks ({@code mvn test -Dslow}; about 5 s here).
 */
@Tag("slow")
class ModelFileFuzzTest {

    @TempDir
    Path dir;

    @Test
    void tenThousandHostileFiles() throws Exception {
        var m = ModelFileTest.charModel();
        var state = ((RecurrentLayer) m.layers().get("rnn")).stack().newStreamingState(2);
        Path file = dir.resolve("m.rnn4j");
        ModelFile.save(file, m, null, Map.of("rnn", state));
        byte[] bytes = Files.readAllBytes(file);
        SplittableRandom rng = new SplittableRandom(42);
        Path t = dir.resolve("x.rnn4j");
        for (int i = 0; i < 10_000; i++) {
            byte[] b;
            switch (rng.nextInt(4)) {
                case 0 -> b = java.util.Arrays.copyOf(bytes, rng.nextInt(bytes.length));
                case 1 -> {
                    // Numbers in the header: digits replaced by other digits, which keeps the JSON valid.
                    b = bytes.clone();
                    for (int k = 0; k < 3; k++) {
                        int pos = 8 + rng.nextInt(Math.min(b.length - 8, 4000));
                        if (b[pos] >= '0' && b[pos] <= '9') {
                            b[pos] = (byte) ('0' + rng.nextInt(10));
                        }
                    }
                }
                case 2 -> {
                    b = bytes.clone();
                    // The 8-byte header length.
                    b[rng.nextInt(8)] = (byte) rng.nextInt(256);
                }
                default -> {
                    b = bytes.clone();
                    int flips = 1 + rng.nextInt(8);
                    for (int k = 0; k < flips; k++) {
                        b[rng.nextInt(b.length)] = (byte) rng.nextInt(256);
                    }
                }
            }
            Files.write(t, b);
            try {
                ModelFile.load(t);
            } catch (ModelFormatException e) {
                assertFalse(e.getMessage().contains("\n"), e.getMessage());
            } catch (Throwable e) {
                fail("mutation " + i + " crashed the loader: " + e);
            }
        }
    }
}
