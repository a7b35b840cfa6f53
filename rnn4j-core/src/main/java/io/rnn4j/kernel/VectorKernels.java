package io.rnn4j.kernel;

/**
 * Loads rnn4j's own 512-bit-vector kernels ({@link VectorGemm}, {@link VectorRuns}), which use the
 * incubating Vector API. They are used only where the JVM has the module (started with
 * {@code --add-modules jdk.incubator.vector}, as the {@code rnn4j} launcher and the tests do) and
 * runs 512-bit vectors in hardware (AVX-512); the system property {@code rnn4j.vector=off} turns
 * them off. Everything else in this package is plain Java, so callers keep a fallback.
 */
final class VectorKernels {

    private VectorKernels() {
    }

    /** An instance of the named kernel class, or null where the kernels are off or unavailable. */
    static <T> T load(String className, Class<T> type) {
        if ("off".equals(System.getProperty("rnn4j.vector"))) {
            return null;
        }
        try {
            // Reflection keeps the callers free of links to the incubator module, which may be absent.
            Class<?> vectorGemm = Class.forName("io.rnn4j.kernel.VectorGemm");
            if (!(Boolean) vectorGemm.getDeclaredMethod("hardwareSupported").invoke(null)) {
                return null;
            }
            return type.cast(Class.forName(className).getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }
}
