package io.rnn4j.kernel;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GemmBackendsTest {

    /**
     * The path macOS and Windows take, forced on Linux: org.bytedeco's OpenBLAS (its Linux native
     * jar is on the test class path) is chosen by name, says so, and multiplies correctly.
     */
    @Test
    void theBundledOpenBlasCanBeForcedAndMultiplies() {
        Gemm bundled = GemmBackends.select("bundled");
        assertInstanceOf(BundledOpenBlasGemm.class, bundled);
        assertEquals("openblas (bundled: org.bytedeco:openblas through JavaCPP)", bundled.name());
        float[] a = {1, 2, 3, 4, 5, 6};          // 2 x 3
        float[] b = {7, 8, 9, 10, 11, 12};       // 3 x 2
        float[] c = new float[4];
        bundled.gemm(false, false, 2, 2, 3, 1f, a, 0, 3, b, 0, 2, 0f, c, 0, 2);
        assertEquals(java.util.List.of(58f, 64f, 139f, 154f), java.util.List.of(c[0], c[1], c[2], c[3]));
    }

    /** The system OpenBLAS is asked for by its own name, so what loads is OpenBLAS on any Linux. */
    @Test
    void theSystemOpenBlasIsLoadedByName() {
        Gemm g = GemmBackends.select("auto");
        if (g instanceof OpenBlasGemm) {
            String asked = System.getProperty(GemmBackends.NETLIB_LIBRARY_PROPERTY);
            assertEquals("openblas (JNI, system " + asked + ")", g.name());
        }
    }

    @Test
    void theChoiceCanBeForcedAndIsValidated() {
        String old = System.getProperty("rnn4j.gemm");
        try {
            System.setProperty("rnn4j.gemm", "java");
            assertInstanceOf(JavaGemm.class, GemmBackends.select());
            System.setProperty("rnn4j.gemm", "cuda");
            var e = assertThrows(IllegalArgumentException.class, GemmBackends::select);
            assertEquals("rnn4j.gemm must be one of auto, openblas, bundled, java; got 'cuda'", e.getMessage());
            System.setProperty("rnn4j.gemm", "auto");
            Gemm auto = GemmBackends.select();
            assertTrue(auto instanceof OpenBlasGemm || auto instanceof BundledOpenBlasGemm || auto instanceof JavaGemm);
        } finally {
            if (old == null) {
                System.clearProperty("rnn4j.gemm");
            } else {
                System.setProperty("rnn4j.gemm", old);
            }
        }
    }
}
