package io.rnn4j.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import io.rnn4j.io.TranslationModelFile;
import io.rnn4j.seq2seq.TranslationData;
import io.rnn4j.seq2seq.Translator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code rnn4j translate eval}: corpus BLEU and chrF of a translation model on one part of a pair
 * file, split as {@code translate split} splits it.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Score a translation model on the train, dev or test part of a pair file: corpus BLEU (sacreBLEU's"
                + " 13a or zh tokens, no smoothing) and chrF2, each distinct source sentence against all its translations.")
final class TranslateEvalCommand implements Runnable {

    @Mixin
    ThreadsOption threads;

    @Option(names = "--model", required = true, description = "Model file written by translate train.")
    Path model;

    @Option(names = "--data", required = true, description = "The pair file the model's split comes from.")
    Path data;

    @Option(names = "--columns", defaultValue = "en,zh", description = "Languages of the two columns (default: ${DEFAULT-VALUE}).")
    String columns;

    @Option(names = "--split", defaultValue = "test", description = "train, dev or test (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--beam", converter = Ranges.Positive.class, defaultValue = "1", description = "Beam width; 1 is greedy (default: ${DEFAULT-VALUE}).")
    int beam;

    @Option(names = "--samples", converter = Ranges.NonNegative.class, defaultValue = "0",
            description = "Also print this many translations with their references, evenly spaced through the part"
                    + " (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--json", description = "Print the scores as JSON.")
    boolean json;

    /** Indices of the samples to show: {@code samples} of {@code n}, evenly spaced, the first included. */
    private int[] shown(int n) {
        int k = Math.min(samples, n);
        int[] out = new int[k];
        for (int i = 0; i < k; i++) {
            out[i] = (int) ((long) i * n / k);
        }
        return out;
    }

    @Override
    public void run() {
        threads.apply();
        CliFiles.requireInputFile("--model", model);
        Translator translator = TranslationModelFile.load(model);
        TranslationTraining.Pairs pairs = TranslationTraining.read(data, columns, translator.sourceLanguage(),
                translator.targetLanguage());
        List<TranslationData.Oriented> part = switch (split) {
            case "train" -> pairs.train();
            case "dev" -> pairs.dev();
            case "test" -> pairs.test();
            default -> throw new UsageException("--split must be train, dev or test, got '" + split + "'");
        };
        TranslationTraining.Scores s = TranslationTraining.score(translator, part, beam);
        if (json) {
            JsonObject o = new JsonObject();
            o.addProperty("bleu", s.bleu());
            o.addProperty("chrf", s.chrf());
            o.addProperty("sentences", s.sentences());
            o.addProperty("pairs", part.size());
            o.addProperty("over_length", s.overLength());
            o.addProperty("beam", beam);
            o.addProperty("source", translator.sourceLanguage());
            o.addProperty("target", translator.targetLanguage());
            o.addProperty("split", split);
            o.addProperty("seconds", s.seconds());
            com.google.gson.JsonArray listed = new com.google.gson.JsonArray();
            for (int i : shown(s.sentences())) {
                JsonObject x = new JsonObject();
                x.addProperty("source", s.sources().get(i));
                x.addProperty("translation", s.hypotheses().get(i));
                com.google.gson.JsonArray r = new com.google.gson.JsonArray();
                s.references().get(i).forEach(r::add);
                x.add("references", r);
                listed.add(x);
            }
            if (samples > 0) {
                o.add("samples", listed);
            }
            System.out.println(new GsonBuilder().setPrettyPrinting().create().toJson(o));
        } else {
            System.out.printf(Locale.ROOT, "%s %s -> %s, %s: BLEU %.2f, chrF %.2f on %,d sentences (%,d pairs; %d longer than the"
                            + " model's %d tokens scored as empty); beam %d, %.1f s%n", model.getFileName(),
                    translator.sourceLanguage(), translator.targetLanguage(), split, s.bleu(), s.chrf(), s.sentences(), part.size(),
                    s.overLength(), translator.maxTokens(), beam, s.seconds());
            for (int i : shown(s.sentences())) {
                System.out.printf(Locale.ROOT, "%s%n  -> %s%n  ref %s%n", s.sources().get(i), s.hypotheses().get(i),
                        String.join(" | ", s.references().get(i)));
            }
        }
    }
}
