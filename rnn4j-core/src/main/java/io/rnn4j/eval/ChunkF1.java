package io.rnn4j.eval;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Span-level precision, recall and F1 of chunk or entity tags, counted exactly as the CoNLL
 * shared tasks' {@code conlleval} script (Tjong Kim Sang, version 2004-01-26) counts them, so the
 * figures compare with published ones.
 *
 * <p>A tag is split at its first hyphen into a prefix and a type ({@code B-NP} → B, NP; {@code O}
 * → O, no type). Sentences are read one after another with an {@code O} between them. Between two
 * tokens a chunk <em>ends</em> on B→B, B→O, I→B, I→O, E→E, E→I, E→O, on a change of type after any
 * tag but O and ".", and after a "[" or "]"; a chunk <em>starts</em> on B→B, I→B, O→B, O→I, E→E,
 * E→I, O→E, on a change of type before any tag but O and ".", and at a "[" or "]". So an I after O
 * starts a chunk (IOB1 and IOB2 both score), and S- and E- tags are only partly understood, as in
 * the script. A guessed chunk is correct when it starts and ends where a gold chunk does, with the
 * same type. Token accuracy counts tokens whose whole tag matches.
 */
public final class ChunkF1 {

    private ChunkF1() {
    }

    /** Chunk counts of one type, or of all. */
    public record Counts(long gold, long guessed, long correct) {

        /** correct / guessed, in [0, 1] (0 when nothing was guessed). */
        public double precision() {
            return guessed == 0 ? 0 : (double) correct / guessed;
        }

        /** correct / gold, in [0, 1] (0 when there is no gold chunk). */
        public double recall() {
            return gold == 0 ? 0 : (double) correct / gold;
        }

        public double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }
    }

    /**
     * @param tokens      tokens scored
     * @param correctTags tokens whose guessed tag equals the gold tag
     * @param overall     chunks of every type
     * @param byType      chunks of each type, sorted by type name
     */
    public record Result(long tokens, long correctTags, Counts overall, Map<String, Counts> byType) {

        /** Token accuracy in [0, 1]; NaN without tokens. */
        public double tokenAccuracy() {
            return tokens == 0 ? Double.NaN : (double) correctTags / tokens;
        }

        public double precision() {
            return overall.precision();
        }

        public double recall() {
            return overall.recall();
        }

        public double f1() {
            return overall.f1();
        }
    }

    /** Scores guessed tags against gold tags, sentence by sentence (the same lengths). */
    public static Result of(List<List<String>> gold, List<List<String>> guessed) {
        if (gold.size() != guessed.size()) {
            throw new IllegalArgumentException(gold.size() + " gold sentences but " + guessed.size() + " guessed");
        }
        Counter c = new Counter();
        for (int s = 0; s < gold.size(); s++) {
            List<String> g = gold.get(s);
            List<String> p = guessed.get(s);
            if (g.size() != p.size()) {
                throw new IllegalArgumentException("sentence " + (s + 1) + " has " + g.size() + " gold tags but " + p.size()
                        + " guessed");
            }
            for (int t = 0; t < g.size(); t++) {
                c.token(g.get(t), p.get(t), true);
            }
            c.token("O", "O", false); // the sentence boundary
        }
        return c.finish();
    }

    /** The running state of the script's one pass over the tokens. */
    private static final class Counter {
        private final Map<String, long[]> byType = new TreeMap<>(); // type → {gold, guessed, correct}
        private long gold;
        private long found;
        private long correct;
        private long tokens;
        private long correctTags;
        private boolean inCorrect;
        private String lastGold = "O";
        private String lastGoldType = "";
        private String lastGuess = "O";
        private String lastGuessType = "";

        void token(String goldTag, String guessTag, boolean counted) {
            String g = prefix(goldTag);
            String gt = type(goldTag);
            String p = prefix(guessTag);
            String pt = type(guessTag);
            boolean goldEnds = endOfChunk(lastGold, g, lastGoldType, gt);
            boolean guessEnds = endOfChunk(lastGuess, p, lastGuessType, pt);
            if (inCorrect) {
                if (goldEnds && guessEnds && lastGuessType.equals(lastGoldType)) {
                    inCorrect = false;
                    correct++;
                    counts(lastGoldType)[2]++;
                } else if (goldEnds != guessEnds || !pt.equals(gt)) {
                    inCorrect = false;
                }
            }
            boolean goldStarts = startOfChunk(lastGold, g, lastGoldType, gt);
            boolean guessStarts = startOfChunk(lastGuess, p, lastGuessType, pt);
            if (goldStarts && guessStarts && pt.equals(gt)) {
                inCorrect = true;
            }
            if (goldStarts) {
                gold++;
                counts(gt)[0]++;
            }
            if (guessStarts) {
                found++;
                counts(pt)[1]++;
            }
            if (counted) {
                tokens++;
                if (g.equals(p) && gt.equals(pt)) {
                    correctTags++;
                }
            }
            lastGold = g;
            lastGoldType = gt;
            lastGuess = p;
            lastGuessType = pt;
        }

        Result finish() {
            if (inCorrect) {
                correct++;
                counts(lastGoldType)[2]++;
            }
            Map<String, Counts> types = new TreeMap<>();
            for (Map.Entry<String, long[]> e : byType.entrySet()) {
                long[] v = e.getValue();
                types.put(e.getKey(), new Counts(v[0], v[1], v[2]));
            }
            return new Result(tokens, correctTags, new Counts(gold, found, correct), types);
        }

        private long[] counts(String type) {
            return byType.computeIfAbsent(type, k -> new long[3]);
        }
    }

    private static String prefix(String tag) {
        int dash = tag.indexOf('-');
        return dash < 0 ? tag : tag.substring(0, dash);
    }

    private static String type(String tag) {
        int dash = tag.indexOf('-');
        return dash < 0 ? "" : tag.substring(dash + 1);
    }

    static boolean endOfChunk(String prev, String tag, String prevType, String type) {
        boolean end = pair(prev, tag, "BB", "BO", "IB", "IO", "EE", "EI", "EO");
        if (!prev.equals("O") && !prev.equals(".") && !prevType.equals(type)) {
            end = true;
        }
        return end || prev.equals("]") || prev.equals("[");
    }

    static boolean startOfChunk(String prev, String tag, String prevType, String type) {
        boolean start = pair(prev, tag, "BB", "IB", "OB", "OI", "EE", "EI", "OE");
        if (!tag.equals("O") && !tag.equals(".") && !prevType.equals(type)) {
            start = true;
        }
        return start || tag.equals("[") || tag.equals("]");
    }

    /** Whether (prev, tag) is one of the two-letter pairs, each letter a whole prefix. */
    private static boolean pair(String prev, String tag, String... pairs) {
        if (prev.length() != 1 || tag.length() != 1) {
            return false;
        }
        for (String p : pairs) {
            if (p.charAt(0) == prev.charAt(0) && p.charAt(1) == tag.charAt(0)) {
                return true;
            }
        }
        return false;
    }
}
