package io.rnn4j.caption;

import io.rnn4j.eval.Bleu;
import io.rnn4j.eval.MtTokenizer;
import io.rnn4j.seq2seq.Decoding;

import java.util.ArrayList;
import java.util.List;

/**
 * Writing captions with a trained {@link CaptionModel}: greedy or beam decoding of pictures in
 * batches, and scoring against reference captions by exact match and corpus BLEU-4.
 */
public final class Captioner {

    /** Pictures decoded together. */
    public static final int BATCH = 128;
    /** Words a caption may have at most, END included; the generator's longest has 20. */
    public static final int MAX_LENGTH = 32;

    private final CaptionModel model;

    public Captioner(CaptionModel model) {
        this.model = model;
    }

    public CaptionModel model() {
        return model;
    }

    /**
     * One written caption: its text and, for a model with attention, the weights over the feature
     * map's positions before each word (END's included when written); empty rows without attention.
     */
    public record Caption(String text, float[][] attention, double logProbability) {
    }

    /** Captions for pictures {@code [0, n)} of {@code set}: greedy with {@code beam} ≤ 1, else beam search of that width. */
    public List<Caption> caption(io.rnn4j.data.image.ImageSet images, int beam) {
        if (beam < 1) {
            throw new IllegalArgumentException("--beam must be >= 1, got " + beam);
        }
        List<Caption> out = new ArrayList<>(images.size());
        for (int from = 0; from < images.size(); from += BATCH) {
            int to = Math.min(images.size(), from + BATCH);
            int[] idx = new int[to - from];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = from + i;
            }
            var encoded = model.encode(model.input(images, idx));
            List<Decoding.Hypothesis> written = beam <= 1
                    ? Decoding.greedy(model, encoded, MAX_LENGTH, null)
                    : Decoding.beam(model, encoded, beam, MAX_LENGTH, 0.0);
            for (Decoding.Hypothesis h : written) {
                out.add(new Caption(model.vocabulary().decode(h.tokens()), h.attention(), h.logProbability()));
            }
        }
        return out;
    }

    /** Exact match (percent of captions equal to their reference) and corpus BLEU-4 (0–100). */
    public record Scores(double exactMatch, double bleu, int pictures) {
    }

    /** Scores written captions against their references (one reference per picture). */
    public static Scores score(List<String> written, List<String> references) {
        if (written.size() != references.size() || written.isEmpty()) {
            throw new IllegalArgumentException("scoring needs one reference per caption, got " + written.size() + " and "
                    + references.size());
        }
        int exact = 0;
        List<List<String>> refs = new ArrayList<>();
        for (int i = 0; i < written.size(); i++) {
            if (written.get(i).equals(references.get(i))) {
                exact++;
            }
            refs.add(List.of(references.get(i)));
        }
        double bleu = new Bleu(MtTokenizer.NONE).corpus(written, refs).score();
        return new Scores(100.0 * exact / written.size(), bleu, written.size());
    }
}
