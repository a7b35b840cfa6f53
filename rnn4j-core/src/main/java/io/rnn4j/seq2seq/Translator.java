package io.rnn4j.seq2seq;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.rnn4j.data.SubwordVocabulary;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A trained translation model with its two vocabularies: text in, text out. The source and
 * target languages are ISO 639-1 codes ({@code en}, {@code zh}); sentences longer than
 * {@link #maxTokens()} tokens on either side are refused, as the model never saw such lengths.
 */
public final class Translator {

    /** Reserved source ids. */
    public static final List<String> SOURCE_RESERVED = List.of(SubwordVocabulary.UNKNOWN);
    /** Reserved target ids: END (0) and START (1), as {@link Seq2Seq} expects, then UNK. */
    public static final List<String> TARGET_RESERVED = List.of("</s>", "<s>", SubwordVocabulary.UNKNOWN);
    /** The languages a translator knows how to tokenise and score. */
    public static final List<String> LANGUAGES = List.of("en", "zh");

    private final Seq2Seq model;
    private final String sourceLanguage;
    private final String targetLanguage;
    private final SubwordVocabulary sourceVocabulary;
    private final SubwordVocabulary targetVocabulary;
    private final int maxTokens;

    public Translator(Seq2Seq model, String sourceLanguage, String targetLanguage, SubwordVocabulary sourceVocabulary,
                      SubwordVocabulary targetVocabulary, int maxTokens) {
        checkLanguage("source", sourceLanguage);
        checkLanguage("target", targetLanguage);
        if (sourceLanguage.equals(targetLanguage)) {
            throw new IllegalArgumentException("source and target are both '" + sourceLanguage + "'; translate between two languages");
        }
        if (sourceVocabulary.size() != model.config().sourceVocab() || targetVocabulary.size() != model.config().targetVocab()) {
            throw new IllegalArgumentException("the vocabularies have " + sourceVocabulary.size() + " and " + targetVocabulary.size()
                    + " tokens, but the model reads " + model.config().sourceVocab() + " and writes " + model.config().targetVocab());
        }
        if (maxTokens < 1) {
            throw new IllegalArgumentException("the maximum sentence length must be >= 1 token, got " + maxTokens);
        }
        this.model = model;
        this.sourceLanguage = sourceLanguage;
        this.targetLanguage = targetLanguage;
        this.sourceVocabulary = sourceVocabulary;
        this.targetVocabulary = targetVocabulary;
        this.maxTokens = maxTokens;
    }

    /** Refuses a language code other than those in {@link #LANGUAGES}. */
    public static void checkLanguage(String side, String code) {
        if (!LANGUAGES.contains(code)) {
            throw new IllegalArgumentException("unknown " + side + " language '" + code + "'; rnn4j translates between "
                    + String.join(" and ", LANGUAGES));
        }
    }

    public Seq2Seq model() {
        return model;
    }

    public String sourceLanguage() {
        return sourceLanguage;
    }

    public String targetLanguage() {
        return targetLanguage;
    }

    public SubwordVocabulary sourceVocabulary() {
        return sourceVocabulary;
    }

    public SubwordVocabulary targetVocabulary() {
        return targetVocabulary;
    }

    /** The longest sentence, in tokens, on either side. */
    public int maxTokens() {
        return maxTokens;
    }

    /**
     * A translation with what {@code --explain} plots: the source and target pieces and the
     * attention weights [target step][source step] (the last row is the step that wrote END).
     */
    public record Translation(String text, List<String> sourcePieces, List<String> targetPieces, float[][] attention,
                              double logProbability) {
    }

    /** The source token ids of a sentence, refusing an empty or over-long one with the reason. */
    public int[] encodeSource(String sentence) {
        int[] ids = sourceVocabulary.encode(sentence);
        if (ids.length == 0) {
            throw new IllegalArgumentException("the sentence to translate is empty");
        }
        if (ids.length > maxTokens) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "the sentence has %d tokens; this model translates"
                    + " at most %d (the longest it was trained on): \"%s\"", ids.length, maxTokens, abbreviate(sentence)));
        }
        return ids;
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    /**
     * Translates sentences together (one batch): beam search when {@code beam} > 1, else greedy
     * decoding; each stops at END or at {@link #maxTokens()} tokens.
     *
     * @param alpha length normalisation for the beam (see {@link Decoding#beam})
     */
    public List<Translation> translate(List<String> sentences, int beam, double alpha) {
        List<int[]> sources = new ArrayList<>();
        for (String s : sentences) {
            sources.add(encodeSource(s));
        }
        List<Decoding.Hypothesis> out = beam > 1 ? Decoding.beam(model, sources, beam, maxTokens + 1, alpha)
                : Decoding.greedy(model, sources, maxTokens + 1, null);
        List<Translation> result = new ArrayList<>();
        for (int i = 0; i < sentences.size(); i++) {
            Decoding.Hypothesis h = out.get(i);
            List<String> targetPieces = new ArrayList<>();
            for (int id : h.tokens()) {
                targetPieces.add(targetVocabulary.token(id));
            }
            result.add(new Translation(targetVocabulary.decode(h.tokens()), sourceVocabulary.pieces(sentences.get(i)),
                    targetPieces, h.attention(), h.logProbability()));
        }
        return result;
    }

    /** Greedy translation of one sentence, each piece's text handed to {@code onText} as it is written. */
    public Translation stream(String sentence, java.util.function.Consumer<String> onText) {
        int[] source = encodeSource(sentence);
        List<Integer> written = new ArrayList<>();
        String[] shown = {""};
        List<Decoding.Hypothesis> out = Decoding.greedy(model, List.of(source), maxTokens + 1, (b, token) -> {
            if (token == Seq2Seq.END) {
                return;
            }
            written.add(token);
            String text = targetVocabulary.decode(written.stream().mapToInt(Integer::intValue).toArray());
            // BPE text is trimmed, so a word's closing space shows with the next word
            String fresh = text.startsWith(shown[0]) ? text.substring(shown[0].length()) : text;
            if (!fresh.isEmpty()) {
                onText.accept(fresh);
                shown[0] = text;
            }
        });
        Decoding.Hypothesis h = out.get(0);
        List<String> targetPieces = new ArrayList<>();
        for (int id : h.tokens()) {
            targetPieces.add(targetVocabulary.token(id));
        }
        return new Translation(targetVocabulary.decode(h.tokens()), sourceVocabulary.pieces(sentence), targetPieces,
                h.attention(), h.logProbability());
    }

    /** The manifest entry a model file keeps the translator's text side in. */
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("source_language", sourceLanguage);
        o.addProperty("target_language", targetLanguage);
        o.addProperty("max_tokens", maxTokens);
        o.add("source_vocabulary", sourceVocabulary.toJson());
        o.add("target_vocabulary", targetVocabulary.toJson());
        return o;
    }

    /** Rebuilds a translator from a model file's encoder–decoder and its manifest entry, checking each field. */
    public static Translator fromJson(Seq2Seq model, JsonElement json) {
        if (json == null || !json.isJsonObject()) {
            throw new IllegalArgumentException("the \"translation\" entry must be a JSON object");
        }
        JsonObject o = json.getAsJsonObject();
        JsonElement max = o.get("max_tokens");
        if (max == null || !max.isJsonPrimitive() || !max.getAsJsonPrimitive().isNumber()) {
            throw new IllegalArgumentException("the \"translation\" entry needs a number \"max_tokens\"");
        }
        return new Translator(model, io.rnn4j.data.Tokenizer.string(o, "source_language"),
                io.rnn4j.data.Tokenizer.string(o, "target_language"),
                SubwordVocabulary.fromJson(o.get("source_vocabulary"), "the source vocabulary"),
                SubwordVocabulary.fromJson(o.get("target_vocabulary"), "the target vocabulary"), max.getAsInt());
    }
}
