package io.rnn4j.seq2seq;

import io.rnn4j.data.ParallelCorpus;
import io.rnn4j.data.SubwordVocabulary;
import io.rnn4j.train.Batch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Sentence pairs made ready for an encoder–decoder: oriented source → target from a pair file's
 * columns, tokenised, filtered by length and cut into length-bucketed batches.
 */
public final class TranslationData {

    private TranslationData() {
    }

    /** One sentence and its translation. */
    public record Oriented(String source, String target) {
    }

    /** Token ids of a pair (target without START or END). */
    public record Encoded(int[] source, int[] target) {
    }

    /**
     * The pairs turned source → target.
     *
     * @param columns the language of the file's first and second column, e.g. {en, zh}
     */
    public static List<Oriented> orient(List<ParallelCorpus.Pair> pairs, List<String> columns, String source, String target) {
        if (source.equals(target)) {
            throw new IllegalArgumentException("source and target are both '" + source + "'; translate between two languages");
        }
        if (columns.size() != 2) {
            throw new IllegalArgumentException("--columns names the languages of the two columns, e.g. en,zh; got " + columns);
        }
        for (String c : columns) {
            Translator.checkLanguage("column", c);
        }
        if (columns.get(0).equals(columns.get(1))) {
            throw new IllegalArgumentException("--columns gives both columns the language '" + columns.get(0) + "'");
        }
        int s = columns.indexOf(source);
        int t = columns.indexOf(target);
        if (s < 0 || t < 0 || s == t) {
            throw new IllegalArgumentException("--source " + source + " and --target " + target + " must be the two languages of"
                    + " the file's columns, " + columns.get(0) + " and " + columns.get(1));
        }
        List<Oriented> out = new ArrayList<>();
        for (ParallelCorpus.Pair p : pairs) {
            String[] cols = {p.first(), p.second()};
            out.add(new Oriented(cols[s], cols[t]));
        }
        return out;
    }

    /** Each distinct source sentence, in order of first appearance, with all its translations: BLEU's references. */
    public static Map<String, List<String>> references(List<Oriented> pairs) {
        Map<String, List<String>> refs = new LinkedHashMap<>();
        for (Oriented p : pairs) {
            refs.computeIfAbsent(p.source(), k -> new ArrayList<>()).add(p.target());
        }
        return refs;
    }

    /**
     * The vocabulary of one language's sentences: characters for Chinese; for English, BPE with
     * {@code merges} merges ("bpe") or characters ("char").
     */
    public static SubwordVocabulary vocabulary(String language, List<String> sentences, String englishTokens, int merges,
                                               List<String> reserved) {
        if (language.equals("zh")) {
            return SubwordVocabulary.chars(sentences, reserved);
        }
        return switch (englishTokens) {
            case "bpe" -> SubwordVocabulary.bpe(sentences, merges, reserved);
            case "char" -> SubwordVocabulary.chars(sentences, reserved);
            default -> throw new IllegalArgumentException("--en-tokens must be bpe or char, got '" + englishTokens + "'");
        };
    }

    /** Encodes the pairs, leaving out those with an empty side or more than {@code maxTokens} tokens on either. */
    public static List<Encoded> encode(List<Oriented> pairs, SubwordVocabulary source, SubwordVocabulary target, int maxTokens) {
        List<Encoded> out = new ArrayList<>();
        for (Oriented p : pairs) {
            int[] s = source.encode(p.source());
            int[] t = target.encode(p.target());
            if (s.length > 0 && t.length > 0 && s.length <= maxTokens && t.length <= maxTokens) {
                out.add(new Encoded(s, t));
            }
        }
        return out;
    }

    /**
     * Teacher-forcing batches of about {@code batchSize} pairs of similar lengths, so little of each
     * batch is padding: the pairs are shuffled by {@code seed}, sorted by source then target
     * length, and cut in order.
     */
    public static List<Batch> batches(Seq2Seq model, List<Encoded> pairs, int batchSize, long seed) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch must be >= 1, got " + batchSize);
        }
        List<Encoded> order = new ArrayList<>(pairs);
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = order.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            Encoded tmp = order.get(i);
            order.set(i, order.get(j));
            order.set(j, tmp);
        }
        order.sort(Comparator.comparingInt((Encoded e) -> e.source().length).thenComparingInt(e -> e.target().length));
        List<Batch> out = new ArrayList<>();
        for (int i = 0; i < order.size(); i += batchSize) {
            List<int[]> src = new ArrayList<>();
            List<int[]> tgt = new ArrayList<>();
            for (Encoded e : order.subList(i, Math.min(order.size(), i + batchSize))) {
                src.add(e.source());
                tgt.add(e.target());
            }
            out.add(model.batch(src, tgt));
        }
        return out;
    }
}
