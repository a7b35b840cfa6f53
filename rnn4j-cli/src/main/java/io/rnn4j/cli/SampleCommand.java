package io.rnn4j.cli;

import io.rnn4j.data.TextSampler;
import io.rnn4j.data.Tokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;

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

    @Option(names = "--length", defaultValue = "500", description = "Tokens to generate (default: ${DEFAULT-VALUE}).")
    int length;

    @Option(names = "--temperature", defaultValue = "0.8", description = "Sampling temperature > 0 (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--top-k", defaultValue = "0", description = "Sample only among the k most likely tokens; 0 = all (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--top-p", defaultValue = "1.0", description = "Sample only among the most likely tokens up to this total probability (default: ${DEFAULT-VALUE}).")
    double topP;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public void run() {
        threads.apply();
        if (length < 0) {
            throw new IllegalArgumentException("--length must be >= 0, got " + length);
        }
        LanguageModelFile loaded = LanguageModelFile.load(model);
        Tokenizer tok = loaded.tokenizer();
        String start = prime != null ? prime : tok.kind().equals("word") ? "\n" : tok.decode(0);
        System.out.print(start);
        new TextSampler(loaded.model(), tok).sample(start, length, temperature, topK, topP, seed, s -> {
            System.out.print(s);
            System.out.flush();
        });
        System.out.println();
    }
}
