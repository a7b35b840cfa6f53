package io.rnn4j.cli;

import io.rnn4j.data.BeamSearch;
import io.rnn4j.data.TextSampler;
import io.rnn4j.data.Tokenizer;
import io.rnn4j.io.LanguageModelFile;
import com.google.gson.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;

/** {@code rnn4j sample}: generate text from a trained language model, streamed as it comes. */
@Command(name = "sample", mixinStandardHelpOptions = true, description = "Generate text from a language model.")
final class SampleCommand implements Runnable {

    @Mixin
    ThreadsOption threads;

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "A model file written by rnn4j train.")
    Path model;

    @Option(names = "--prime", paramLabel = "TEXT", description = "Text to start from (default: a line break for word models, "
            + "the model's first vocabulary entry otherwise).")
    String prime;

    @Option(names = "--length", converter = Ranges.NonNegative.class, defaultValue = "500", description = "Tokens to generate (default: ${DEFAULT-VALUE}).")
    int length;

    @Option(names = "--temperature", converter = Ranges.PositiveReal.class, defaultValue = "0.8", description = "Sampling temperature > 0 (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--top-k", converter = Ranges.NonNegative.class, defaultValue = "0", description = "Sample only among the k most likely tokens; 0 = all (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--top-p", converter = Ranges.KeptMass.class, defaultValue = "1.0", description = "Sample only among the most likely tokens up to this total probability (default: ${DEFAULT-VALUE}).")
    double topP;

    @Option(names = "--beam", converter = Ranges.NonNegative.class, defaultValue = "0", paramLabel = "W",
            description = "Beam search with W hypotheses instead of sampling: the most likely continuation the beam finds "
                    + "(deterministic; --temperature, --top-k, --top-p and --seed do not apply); at most the vocabulary size and "
                    + "never more than " + MAX_BEAM + ". 0 = sample (default: ${DEFAULT-VALUE}).")
    int beam;

    /** Widest beam: each step scores W × V continuations, so the cap bounds the time and memory of a search. */
    static final int MAX_BEAM = 256;

    @Option(names = "--seed", converter = Ranges.AnyLong.class, defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print the text, the token count and the settings as one JSON object on stdout"
            + " instead of streaming the text.")
    boolean json;

    @Override
    public void run() {
        threads.apply();
        StringBuilder generated = new StringBuilder();
        int[] tokens = {0};
        java.util.function.Consumer<String> emit = piece -> {
            tokens[0]++;
            generated.append(piece);
            if (!json) {
                System.out.print(piece);
                System.out.flush();
            }
        };
        LanguageModelFile loaded = LanguageModelFile.load(model);
        Tokenizer tok = loaded.tokenizer();
        int widest = Math.min(MAX_BEAM, tok.size());
        if (beam > widest) {
            throw new UsageException("--beam " + beam + " is wider than this model allows: at most " + widest
                    + " (the vocabulary size, " + tok.size() + ", and never more than " + MAX_BEAM + ")");
        }
        String start = prime != null ? prime : tok.kind().equals("word") ? "\n" : tok.decode(0);
        if (beam > 0 && (topK != 0 || topP != 1.0)) {
            throw new UsageException("--beam searches for the most likely text; it does not combine with --top-k or --top-p");
        }
        if (!json) {
            System.out.print(start);
        }
        JsonObject result = new JsonObject();
        if (beam > 0) {
            BeamSearch.Result r = new BeamSearch(loaded.model(), tok).search(start, length, beam, emit);
            System.err.printf(Locale.ROOT, "beam %d: log-probability %.3f nats (%.3f per token)%n", beam, r.logProbability(),
                    length == 0 ? 0.0 : r.logProbability() / length);
            result.addProperty("beam", beam);
            result.addProperty("log_probability", r.logProbability());
        } else {
            new TextSampler(loaded.model(), tok).sample(start, length, temperature, topK, topP, seed, emit);
            result.addProperty("temperature", temperature);
            result.addProperty("top_k", topK);
            result.addProperty("top_p", topP);
            result.addProperty("seed", seed);
        }
        if (!json) {
            System.out.println();
            return;
        }
        result.addProperty("prime", start);
        result.addProperty("text", generated.toString());
        result.addProperty("tokens", tokens[0]);
        result.addProperty("model", model.getFileName().toString());
        System.out.println(ClassifyReport.GSON.toJson(result));
    }
}
