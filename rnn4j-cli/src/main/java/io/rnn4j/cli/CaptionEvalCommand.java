package io.rnn4j.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.rnn4j.caption.CaptionModel;
import io.rnn4j.caption.CaptionSet;
import io.rnn4j.caption.Captioner;
import io.rnn4j.io.CaptionModelFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** {@code rnn4j caption eval}: exact match and BLEU-4 of a captioner on a captioned set. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Caption a set's test (or held-out validation) pictures and score them against their captions:"
                + " exact match and corpus BLEU-4.")
final class CaptionEvalCommand implements Runnable {

    @Mixin
    ThreadsOption threads;

    @Option(names = "--model", required = true, description = "Model file written by caption train.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "The captioned set the model was trained on.")
    Path data;

    @Option(names = "--split", defaultValue = "test", description = "test, or validation (every twelfth training picture)"
            + " (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--beam", converter = Ranges.Positive.class, defaultValue = "1",
            description = "Beam width; 1 is greedy (default: ${DEFAULT-VALUE}).")
    int beam;

    @Option(names = "--samples", converter = Ranges.NonNegative.class, defaultValue = "0",
            description = "Also show this many pictures' captions beside their references (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--explain", paramLabel = "DIR", description = "Write the attention pictures of the --samples pictures"
            + " shown into DIR.")
    Path explain;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public void run() {
        threads.apply();
        CliFiles.requireInputFile("--model", model);
        CaptionModel captioner = CaptionModelFile.load(model);
        CaptionData d = CaptionData.read(data, json ? System.err : System.out);
        CaptionSet set = switch (split) {
            case "test" -> {
                if (d.test() == null) {
                    throw new IllegalArgumentException("--data " + data + " has no test/ part; use --split validation");
                }
                yield d.test();
            }
            case "validation" -> CaptionData.part(d.train(), true);
            default -> throw new UsageException("--split must be test or validation, got '" + split + "'");
        };
        if (!set.images().shape().equals(captioner.shape())) {
            throw new IllegalArgumentException("--data " + data + " holds pictures of " + set.images().shape() + ", the model reads "
                    + captioner.shape());
        }
        long start = System.nanoTime();
        List<Captioner.Caption> written = new Captioner(captioner).caption(set.images(), beam);
        double seconds = (System.nanoTime() - start) / 1e9;
        Captioner.Scores s = Captioner.score(written.stream().map(Captioner.Caption::text).toList(), set.captions());
        JsonArray shown = new JsonArray();
        for (int i = 0; i < Math.min(samples, set.size()); i++) {
            JsonObject o = new JsonObject();
            o.addProperty("picture", i);
            o.addProperty("caption", written.get(i).text());
            o.addProperty("reference", set.captions().get(i));
            if (explain != null) {
                Path name = Path.of(String.format(Locale.ROOT, "%s-%05d.png", split, i));
                o.addProperty("attention_png", CaptionAttentionPicture.writeInto(explain, name, set.images(), i,
                        written.get(i), captioner).toString());
            }
            shown.add(o);
        }
        if (json) {
            JsonObject o = new JsonObject();
            o.addProperty("exact_match", s.exactMatch());
            o.addProperty("bleu", s.bleu());
            o.addProperty("pictures", s.pictures());
            o.addProperty("split", split);
            o.addProperty("beam", beam);
            o.addProperty("model_kind", captioner.kind().cliName());
            o.addProperty("seconds", seconds);
            o.addProperty("pictures_per_second", set.size() / seconds);
            if (samples > 0) {
                o.add("samples", shown);
            }
            System.out.println(new GsonBuilder().setPrettyPrinting().create().toJson(o));
            return;
        }
        System.out.printf(Locale.ROOT, "%s on %,d %s pictures (%s): exact match %.2f%%, BLEU-4 %.2f; %.1f s (%.0f pictures/s)%n",
                model.getFileName(), s.pictures(), split, beam <= 1 ? "greedy" : "beam " + beam, s.exactMatch(), s.bleu(),
                seconds, set.size() / seconds);
        for (var e : shown) {
            JsonObject o = e.getAsJsonObject();
            System.out.printf(Locale.ROOT, "  %5d  wrote: %s%n         ref:   %s%s%n", o.get("picture").getAsInt(),
                    o.get("caption").getAsString(), o.get("reference").getAsString(),
                    o.has("attention_png") ? "\n         attention: " + o.get("attention_png").getAsString() : "");
        }
    }
}
