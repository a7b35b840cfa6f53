package io.rnn4j.eval;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Span F1 on fixtures counted by hand with conlleval's rules. */
class ChunkF1Test {

    private static List<String> tags(String s) {
        return List.of(s.split(" "));
    }

    /**
     * Three sentences. 1: gold NP(0–1) VP(2) NP(4), guessed NP(0–1) VP(2) NP(3–4): two right.
     * 2: gold PP(1) NP(2–3), guessed "O B-PP I-NP I-NP": conlleval starts a chunk at an I- whose
     * type differs from the tag before, so both are right. 3: gold NP(0) NP(1), guessed NP(0–1):
     * none right. Gold 7, guessed 6, correct 4; tokens 11, tags right 7.
     */
    @Test
    void handCountedSentences() {
        ChunkF1.Result r = ChunkF1.of(
                List.of(tags("B-NP I-NP B-VP O B-NP"), tags("O B-PP B-NP I-NP"), tags("B-NP B-NP")),
                List.of(tags("B-NP I-NP B-VP B-NP I-NP"), tags("O B-PP I-NP I-NP"), tags("B-NP I-NP")));
        assertEquals(new ChunkF1.Counts(7, 6, 4), r.overall());
        assertEquals(4.0 / 6, r.precision(), 1e-15);
        assertEquals(4.0 / 7, r.recall(), 1e-15);
        assertEquals(32.0 / 52, r.f1(), 1e-15);
        assertEquals(11, r.tokens());
        assertEquals(7.0 / 11, r.tokenAccuracy(), 1e-15);
        assertEquals(new ChunkF1.Counts(5, 4, 2), r.byType().get("NP"));
        assertEquals(new ChunkF1.Counts(1, 1, 1), r.byType().get("VP"));
        assertEquals(new ChunkF1.Counts(1, 1, 1), r.byType().get("PP"));
    }

    /** A chunk that runs to the end of a sentence closes there, not in the next sentence. */
    @Test
    void chunksCloseAtSentenceEnds() {
        ChunkF1.Result r = ChunkF1.of(List.of(tags("B-PER I-PER"), tags("I-PER O")),
                List.of(tags("B-PER I-PER"), tags("B-PER O")));
        // gold: PER(0–1) | PER(0) (an I- after the boundary's O starts a chunk); guessed the same spans
        assertEquals(new ChunkF1.Counts(2, 2, 2), r.overall());
        assertEquals(1.0, r.f1(), 0.0);
        assertEquals(3.0 / 4, r.tokenAccuracy(), 1e-15, "I-PER and B-PER are different tags");
    }

    /** A right start with the wrong type, or a right span ending late, does not count. */
    @Test
    void typeAndBoundaryMustBothMatch() {
        ChunkF1.Result r = ChunkF1.of(List.of(tags("B-LOC I-LOC O B-ORG")), List.of(tags("B-PER I-PER O B-ORG I-ORG")
                .subList(0, 4)));
        assertEquals(new ChunkF1.Counts(2, 2, 1), r.overall());
        assertEquals(0.0, r.byType().get("LOC").f1(), 0.0);
        assertEquals(0.0, r.byType().get("PER").precision(), 0.0);
        r = ChunkF1.of(List.of(tags("B-NP O")), List.of(tags("B-NP I-NP")));
        assertEquals(new ChunkF1.Counts(1, 1, 0), r.overall());
    }

    @Test
    void tagsWithoutChunksScoreTokensOnly() {
        ChunkF1.Result r = ChunkF1.of(List.of(tags("O O O")), List.of(tags("O O O")));
        assertEquals(new ChunkF1.Counts(0, 0, 0), r.overall());
        assertEquals(0.0, r.f1(), 0.0, "conlleval prints 0 when there are no chunks");
        assertEquals(1.0, r.tokenAccuracy(), 0.0);
    }
}
