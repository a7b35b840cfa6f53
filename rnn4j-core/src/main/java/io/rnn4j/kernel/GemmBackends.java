package io.rnn4j.kernel;

import dev.ludovic.netlib.blas.BLAS;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Chooses the GEMM backend once per JVM.
 *
 * <p>The choice comes from the system property {@code rnn4j.gemm}, else the environment variable
 * {@code RNN4J_GEMM}, else {@code auto}:
 * <ul>
 *   <li>{@code openblas}: the system OpenBLAS through JNI; fails loudly if it is not there;</li>
 *   <li>{@code java}: the pure-Java fallback;</li>
 *   <li>{@code auto}: OpenBLAS when the system has it, else the fallback with one warning
 *       (through SLF4J, logger {@code io.rnn4j.kernel.GemmBackends}) that says how to enable the
 *       fast path.</li>
 * </ul>
 */
public final class GemmBackends {

    /** The package that enables the fast path on Debian and Ubuntu. */
    public static final String OPENBLAS_PACKAGE = "libopenblas0-pthread";

    // Held strongly: java.util.logging keeps loggers weakly and would forget the level.
    private static final Logger NETLIB_LOGGER = Logger.getLogger("dev.ludovic.netlib");

    private GemmBackends() {
    }

    /** Resolves the backend named by configuration. */
    static Gemm select() {
        String wanted = System.getProperty("rnn4j.gemm", System.getenv().getOrDefault("RNN4J_GEMM", "auto"))
                .trim().toLowerCase(Locale.ROOT);
        switch (wanted) {
            case "java":
                return new JavaGemm();
            case "openblas": {
                Gemm g = tryOpenBlas();
                if (g == null) {
                    throw new IllegalStateException("rnn4j.gemm=openblas but no system OpenBLAS could be loaded; "
                            + "install it with: sudo apt-get install -y " + OPENBLAS_PACKAGE);
                }
                return g;
            }
            case "auto": {
                Gemm g = tryOpenBlas();
                if (g != null) {
                    return g;
                }
                LoggerFactory.getLogger(GemmBackends.class).warn("rnn4j: fast GEMM off (no system OpenBLAS), using the pure-Java"
                        + " fallback, about 10x slower; enable it with: sudo apt-get install -y {}", OPENBLAS_PACKAGE);
                return new JavaGemm();
            }
            default:
                throw new IllegalArgumentException("rnn4j.gemm must be one of auto, openblas, java; got '" + wanted + "'");
        }
    }

    private static Gemm tryOpenBlas() {
        Level old = NETLIB_LOGGER.getLevel();
        NETLIB_LOGGER.setLevel(Level.OFF);
        try {
            BLAS blas = BLAS.getInstance();
            // JNIBLAS loads whatever libblas.so.3 is; the reference BLAS behind that name is slower than
            // our fallback, so only OpenBLAS counts as the fast path.
            if (!blas.getClass().getSimpleName().equals("JNIBLAS") || !openBlasMapped()) {
                return null;
            }
            return new OpenBlasGemm(blas);
        } catch (Throwable e) {
            return null;
        } finally {
            NETLIB_LOGGER.setLevel(old);
        }
    }

    private static boolean openBlasMapped() {
        try {
            return Files.readString(Path.of("/proc/self/maps")).toLowerCase(Locale.ROOT).contains("openblas");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
