package io.rnn4j.kernel;

import dev.ludovic.netlib.blas.BLAS;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Chooses the GEMM backend once per JVM.
 *
 * <p>The choice comes from the system property {@code rnn4j.gemm}, else the environment variable
 * {@code RNN4J_GEMM}, else {@code auto}:
 * <ul>
 *   <li>{@code openblas}: the system OpenBLAS through netlib's JNI binding; fails loudly if it is
 *       not there;</li>
 *   <li>{@code bundled}: the OpenBLAS inside {@code org.bytedeco:openblas}'s platform jars
 *       (an optional dependency, for macOS and Windows); fails loudly if it is not on the class
 *       path;</li>
 *   <li>{@code java}: the pure-Java fallback;</li>
 *   <li>{@code auto}: the system OpenBLAS, else the bundled one, else the fallback with one
 *       warning (through SLF4J, logger {@code io.rnn4j.kernel.GemmBackends}) that says how to
 *       enable a fast path.</li>
 * </ul>
 *
 * <p>The system OpenBLAS is found by name, not by what happens to sit behind the generic BLAS
 * name: netlib's JNI binding is asked to load {@value #SYSTEM_OPENBLAS} (the property
 * {@value #NETLIB_LIBRARY_PROPERTY}, unless the user set it), so a loaded binding is OpenBLAS by
 * construction, on any Linux. netlib ships its JNI binding for Linux only; elsewhere the bundled
 * path is the fast one.
 */
final class GemmBackends {

    /** The package that enables the fast path on Debian and Ubuntu. */
    static final String OPENBLAS_PACKAGE = "libopenblas0-pthread";

    /** The system library netlib's JNI binding is asked for: OpenBLAS's own soname. */
    static final String SYSTEM_OPENBLAS = "libopenblas.so.0";

    /** netlib's property naming the BLAS library its JNI binding loads (default libblas.so.3). */
    static final String NETLIB_LIBRARY_PROPERTY = "dev.ludovic.netlib.blas.nativeLib";

    /** A class of the bundled OpenBLAS, present when org.bytedeco:openblas is on the class path. */
    static final String BUNDLED_CLASS = "org.bytedeco.openblas.global.openblas_nolapack";

    private static final Logger NETLIB_LOGGER = Logger.getLogger("dev.ludovic.netlib");

    private GemmBackends() {
    }

    /** Resolves the backend named by configuration. */
    static Gemm select() {
        return select(System.getProperty("rnn4j.gemm", System.getenv().getOrDefault("RNN4J_GEMM", "auto")));
    }

    /** Resolves the backend {@code wanted} names: auto, openblas, bundled or java. */
    static Gemm select(String wanted) {
        switch (wanted.trim().toLowerCase(Locale.ROOT)) {
            case "java":
                return new JavaGemm();
            case "openblas": {
                Gemm g = trySystemOpenBlas();
                if (g == null) {
                    throw new IllegalStateException("rnn4j.gemm=openblas but no system OpenBLAS (" + SYSTEM_OPENBLAS
                            + ") could be loaded; install it with: sudo apt-get install -y " + OPENBLAS_PACKAGE);
                }
                return g;
            }
            case "bundled": {
                Gemm g = tryBundledOpenBlas();
                if (g == null) {
                    throw new IllegalStateException("rnn4j.gemm=bundled but org.bytedeco:openblas (with this platform's"
                            + " native jar, e.g. org.bytedeco:openblas-platform) is not on the class path or did not load");
                }
                return g;
            }
            case "auto": {
                Gemm g = trySystemOpenBlas();
                if (g == null) {
                    g = tryBundledOpenBlas();
                }
                if (g != null) {
                    return g;
                }
                LoggerFactory.getLogger(GemmBackends.class).warn("rnn4j: fast GEMM off (no system OpenBLAS, no"
                        + " org.bytedeco:openblas), using the pure-Java fallback, about 10x slower; enable it with: sudo apt-get"
                        + " install -y {} (Linux), or add org.bytedeco:openblas-platform to the class path", OPENBLAS_PACKAGE);
                return new JavaGemm();
            }
            default:
                throw new IllegalArgumentException("rnn4j.gemm must be one of auto, openblas, bundled, java; got '" + wanted + "'");
        }
    }

    /** The system OpenBLAS through netlib's JNI binding, or null. */
    private static Gemm trySystemOpenBlas() {
        String library = System.getProperty(NETLIB_LIBRARY_PROPERTY);
        if (library == null) {
            library = SYSTEM_OPENBLAS;
            System.setProperty(NETLIB_LIBRARY_PROPERTY, library);
        }
        Level old = NETLIB_LOGGER.getLevel();
        NETLIB_LOGGER.setLevel(Level.OFF);
        try {
            BLAS blas = BLAS.getInstance();
            // netlib falls back to its own Java BLAS when the library does not load: only its JNI
            // binding, on the library asked for by name, is the fast path
            if (!blas.getClass().getSimpleName().equals("JNIBLAS")) {
                return null;
            }
            return new OpenBlasGemm(blas, library);
        } catch (Throwable e) {
            return null;
        } finally {
            NETLIB_LOGGER.setLevel(old);
        }
    }

    /** The OpenBLAS of org.bytedeco:openblas, or null when it is not on the class path or does not load. */
    static Gemm tryBundledOpenBlas() {
        try {
            Class.forName(BUNDLED_CLASS, false, GemmBackends.class.getClassLoader());
            return new BundledOpenBlasGemm();
        } catch (Throwable e) {
            return null;
        }
    }
}
