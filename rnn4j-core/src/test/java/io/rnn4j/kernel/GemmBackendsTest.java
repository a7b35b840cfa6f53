package io.rnn4j.kernel;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GemmBackendsTest {

    @Test
    void theChoiceCanBeForcedAndIsValidated() {
        String old = System.getProperty("rnn4j.gemm");
        try {
            System.setProperty("rnn4j.gemm", "java");
            assertInstanceOf(JavaGemm.class, GemmBackends.select());
            System.setProperty("rnn4j.gemm", "cuda");
            var e = assertThrows(IllegalArgumentException.class, GemmBackends::select);
            assertEquals("rnn4j.gemm must be one of auto, openblas, java; got 'cuda'", e.getMessage());
            System.setProperty("rnn4j.gemm", "auto");
            Gemm auto = GemmBackends.select();
            assertTrue(auto instanceof OpenBlasGemm || auto instanceof JavaGemm);
        } finally {
            if (old == null) {
                System.clearProperty("rnn4j.gemm");
            } else {
                System.setProperty("rnn4j.gemm", old);
            }
        }
    }
}
