package io.rnn4j.word2vec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Word analogies "a is to b as c is to d" in the format of Mikolov et al.'s
 * {@code questions-words.txt} ({@code : section} lines, then {@code a b c d} lines), scored as
 * gensim 4's {@code evaluate_word_analogies} scores them: a question counts only when all four
 * words are in the {@link WordSpace} (the others are out of vocabulary), the three question words
 * are never an answer, and
 * <ul>
 *   <li>3CosAdd (Mikolov et al. 2013): d = argmax_w cos(w, b) − cos(w, a) + cos(w, c);</li>
 *   <li>3CosMul (Levy &amp; Goldberg 2014): d = argmax_w cos'(w, b)·cos'(w, c) / (cos'(w, a) + 1e-6),
 *       cos' = (1 + cos)/2 (gensim's {@code most_similar_cosmul}).</li>
 * </ul>
 */
public final class Analogies {

    /** One question: the ids of a, b, c and the expected d in a {@link WordSpace}, or the words when some are missing. */
    private record Question(String section, String[] words) {
    }

    /** Correct answers of one section by both methods, over the questions in vocabulary. */
    public record Section(String name, int questions, int correctAdd, int correctMul) {
        public double accuracyAdd() {
            return questions == 0 ? Double.NaN : (double) correctAdd / questions;
        }

        public double accuracyMul() {
            return questions == 0 ? Double.NaN : (double) correctMul / questions;
        }
    }

    /**
     * The scores: each section, then the total over all of them.
     *
     * @param sections     each section in file order
     * @param total        all sections together (gensim's "Total accuracy")
     * @param outOfVocabulary questions left out because a word is missing
     */
    public record Result(List<Section> sections, Section total, int outOfVocabulary) {
        /** Share of questions left out, 0..1. */
        public double outOfVocabularyShare() {
            int all = total.questions() + outOfVocabulary;
            return all == 0 ? 0 : (double) outOfVocabulary / all;
        }

        /** Sections {@code from} (inclusive) to {@code to} (exclusive) together, named {@code name}: in questions-words.txt the first 5 are semantic, the other 9 syntactic. */
        public Section joined(String name, int from, int to) {
            int q = 0;
            int a = 0;
            int m = 0;
            for (Section s : sections.subList(Math.min(from, sections.size()), Math.min(to, sections.size()))) {
                q += s.questions();
                a += s.correctAdd();
                m += s.correctMul();
            }
            return new Section(name, q, a, m);
        }
    }

    private final List<Question> questions;
    private final List<String> sectionNames;

    private Analogies(List<Question> questions, List<String> sectionNames) {
        this.questions = questions;
        this.sectionNames = sectionNames;
    }

    /** Reads a questions file; a line that is neither a section nor four words is refused naming it. */
    public static Analogies read(Path file) {
        List<String> lines = EvaluationFiles.lines(file, "analogy");
        List<Question> qs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        String section = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith(":")) {
                section = line.substring(1).strip();
                names.add(section);
                continue;
            }
            String[] w = line.split("\\s+");
            if (w.length != 4 || section == null) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": " + (section == null
                        ? "a question before the first ': section' line" : "expected four words 'a b c d', got '" + line + "'"));
            }
            qs.add(new Question(section, w));
        }
        if (qs.isEmpty()) {
            throw new IllegalArgumentException(file + ": no analogy questions");
        }
        return new Analogies(qs, names);
    }

    public int size() {
        return questions.size();
    }

    /** Scores every question on {@code space}, in batches of 256 through matrix products. */
    public Result evaluate(WordSpace space) {
        List<int[]> known = new ArrayList<>();
        List<Integer> knownSection = new ArrayList<>();
        int oov = 0;
        for (Question q : questions) {
            int[] ids = new int[4];
            boolean all = true;
            for (int j = 0; j < 4; j++) {
                ids[j] = space.id(q.words()[j]);
                all &= ids[j] >= 0;
            }
            if (all) {
                known.add(ids);
                knownSection.add(sectionNames.indexOf(q.section()));
            } else {
                oov++;
            }
        }
        int[] asked = new int[sectionNames.size()];
        int[] add = new int[sectionNames.size()];
        int[] mul = new int[sectionNames.size()];
        int n = space.size();
        int batch = 256;
        for (int from = 0; from < known.size(); from += batch) {
            int rows = Math.min(batch, known.size() - from);
            int[] queries = new int[3 * rows];
            for (int r = 0; r < rows; r++) {
                int[] q = known.get(from + r);
                queries[3 * r] = q[0];
                queries[3 * r + 1] = q[1];
                queries[3 * r + 2] = q[2];
            }
            float[] cos = space.cosines(queries);
            for (int r = 0; r < rows; r++) {
                int[] q = known.get(from + r);
                int ao = (3 * r) * n;
                int bo = (3 * r + 1) * n;
                int co = (3 * r + 2) * n;
                int bestAdd = -1;
                int bestMul = -1;
                double maxAdd = Double.NEGATIVE_INFINITY;
                double maxMul = Double.NEGATIVE_INFINITY;
                for (int w = 0; w < n; w++) {
                    int cw = space.canonical(w);
                    if (cw == q[0] || cw == q[1] || cw == q[2]) {
                        continue; // gensim leaves out every spelling of the question words
                    }
                    double sAdd = cosAdd(cos[ao + w], cos[bo + w], cos[co + w]);
                    double sMul = cosMul(cos[ao + w], cos[bo + w], cos[co + w]);
                    if (sAdd > maxAdd) {
                        maxAdd = sAdd;
                        bestAdd = w;
                    }
                    if (sMul > maxMul) {
                        maxMul = sMul;
                        bestMul = w;
                    }
                }
                int s = knownSection.get(from + r);
                asked[s]++;
                add[s] += bestAdd >= 0 && space.canonical(bestAdd) == q[3] ? 1 : 0;
                mul[s] += bestMul >= 0 && space.canonical(bestMul) == q[3] ? 1 : 0;
            }
        }
        List<Section> sections = new ArrayList<>();
        int qa = 0;
        int ca = 0;
        int cm = 0;
        for (int s = 0; s < sectionNames.size(); s++) {
            sections.add(new Section(sectionNames.get(s), asked[s], add[s], mul[s]));
            qa += asked[s];
            ca += add[s];
            cm += mul[s];
        }
        return new Result(sections, new Section("total", qa, ca, cm), oov);
    }

    /** 3CosAdd's score of a candidate d from its cosines with a, b and c. */
    private static double cosAdd(double a, double b, double c) {
        return b - a + c;
    }

    /** 3CosMul's score of a candidate d from its cosines with a, b and c, each shifted to [0, 1]. */
    private static double cosMul(double a, double b, double c) {
        return ((1 + b) / 2) * ((1 + c) / 2) / ((1 + a) / 2 + 1e-6);
    }

    /** The {@code k} best answers to "a is to b as c is to ?" by 3CosAdd (or 3CosMul), the question words left out. */
    public static List<WordSpace.Neighbour> answer(WordSpace space, int a, int b, int c, int k, boolean cosMul) {
        float[] cos = space.cosines(new int[]{a, b, c});
        int n = space.size();
        float[] score = new float[n];
        for (int w = 0; w < n; w++) {
            score[w] = (float) (cosMul ? cosMul(cos[w], cos[n + w], cos[2 * n + w]) : cosAdd(cos[w], cos[n + w], cos[2 * n + w]));
        }
        return space.top(score, k, Set.of(a, b, c));
    }
}
