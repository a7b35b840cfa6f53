package io.rnn4j.cli;

import com.google.gson.JsonObject;
import io.rnn4j.data.LanguageModelBatches;
import io.rnn4j.data.Tokenizer;
import io.rnn4j.io.LanguageModelFile;
import io.rnn4j.loss.SoftmaxCrossEntropy;
import io.rnn4j.train.BatchSource;
import io.rnn4j.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code rnn4j eval}: cross-entropy of a language model on a text, read as one stream with the
 * state carried through: nats per token, bits per token (bits per character for character
 * models) and perplexity. Every token after the first is scored: the text is read in chunks of
 * {@value #CHUNK} tokens, the last one shorter, and the mean is taken over all n − 1 predictions.
 */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Evaluate a language model on a text file.")
final class EvalCommand implements Runnable {

    @Mixin
    ThreadsOption threads;

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "A model file written by rnn4j train.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "UTF-8 text to evaluate on.")
    Path data;

    @Option(names = "--json", description = "Print the result as one JSON object.")
    boolean json;

    /** Tokens per forward pass; only the memory of a pass depends on it, not the result. */
    static final int CHUNK = 256;

    @Override
    public void run() {
        threads.apply();
        LanguageModelFile loaded = LanguageModelFile.load(model);
        Tokenizer tok = loaded.tokenizer();
        String text = CliFiles.readUtf8("--data", data);
        int[] ids = tok.encode(text);
        if (ids.length < 2) {
            throw new IllegalArgumentException("--data " + data + " has fewer than 2 tokens");
        }
        var batches = LanguageModelBatches.stream(ids, tok.size(), CHUNK);
        double nats = Trainer.evaluate(loaded.model(), new SoftmaxCrossEntropy(), BatchSource.fixed(batches), true, 0);
        long counted = ids.length - 1L;
        double bits = nats / Math.log(2);
        if (json) {
            JsonObject o = new JsonObject();
            o.addProperty("model", model.getFileName().toString());
            o.addProperty("data", data.getFileName().toString());
            o.addProperty("tokens", counted);
            o.addProperty("cross_entropy_nats", nats);
            o.addProperty(tok.kind().equals("char") ? "bits_per_char" : "bits_per_token", bits);
            o.addProperty("perplexity", Math.exp(nats));
            System.out.println(o);
        } else {
            System.out.printf(Locale.ROOT, "%s on %s (%,d tokens): %.4f nats/token, %.4f bits per %s, perplexity %.3f%n",
                    model.getFileName(), data.getFileName(), counted, nats, bits, tok.kind().equals("char") ? "char" : "token",
                    Math.exp(nats));
        }
    }
}
