package io.rnn4j.cli;

import io.rnn4j.caption.CaptionFolder;
import io.rnn4j.caption.CaptionSet;
import io.rnn4j.caption.CaptionedDigits;
import io.rnn4j.data.image.IdxReader;
import io.rnn4j.data.image.ImageSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code rnn4j caption make}: writes a captioned-digit set ({@link CaptionedDigits}) from MNIST:
 * {@code OUT/train} from MNIST's training digits, {@code OUT/test} from its test digits, each a
 * folder of PNGs with {@code captions.tsv}, and {@code OUT/README.txt} saying how it was made.
 */
@Command(name = "make", mixinStandardHelpOptions = true,
        description = "Write a captioned-digit set: 64x64 pictures holding 1-3 MNIST digits, small or large, in a 3x3 grid,"
                + " each captioned like 'a small 3 at top left and a large 7 at bottom right'.")
final class CaptionMakeCommand implements Runnable {

    @Option(names = "--mnist", required = true, paramLabel = "DIR", description = "MNIST's four IDX files (plain or .gz).")
    Path mnist;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write (must not exist, or be empty).")
    Path out;

    @Option(names = "--train", converter = Ranges.Positive.class, defaultValue = "30000",
            description = "Training pictures, from MNIST's training digits (default: ${DEFAULT-VALUE}).")
    int train;

    @Option(names = "--test", converter = Ranges.Positive.class, defaultValue = "2000",
            description = "Test pictures, from MNIST's test digits (default: ${DEFAULT-VALUE}).")
    int test;

    @Option(names = "--seed", converter = Ranges.AnyLong.class, defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print what was written as one JSON object on stdout.")
    boolean json;

    @Override
    public void run() {
        ApplicationTraining.reporting(json, this::make);
    }

    private com.google.gson.JsonObject make() {
        if (!IdxReader.isMnistFolder(mnist)) {
            throw new IllegalArgumentException("--mnist " + mnist + " does not hold MNIST's four IDX files ("
                    + IdxReader.TRAIN_IMAGES + " and the others, plain or .gz)");
        }
        try {
            if (Files.exists(out) && (!Files.isDirectory(out) || Files.list(out).findAny().isPresent())) {
                throw new IllegalArgumentException("--out " + out + " exists and is not an empty folder; choose a new one");
            }
            long start = System.nanoTime();
            write("train", IdxReader.mnistTrain(mnist), train, seed);
            write("test", IdxReader.mnistTest(mnist), test, seed + 1);
            Files.writeString(out.resolve("README.txt"), readme(), StandardCharsets.UTF_8);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "wrote %,d training and %,d test pictures to %s in %.1f s%n", train, test, out, seconds);
            com.google.gson.JsonObject o = new com.google.gson.JsonObject();
            o.addProperty("out", out.toString());
            o.addProperty("train", train);
            o.addProperty("test", test);
            o.addProperty("seed", seed);
            o.addProperty("seconds", seconds);
            return o;
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    private void write(String part, ImageSet digits, int count, long partSeed) throws IOException {
        System.out.printf(Locale.ROOT, "%s: %,d pictures from %,d MNIST digits ...%n", part, count, digits.size());
        CaptionSet set = CaptionedDigits.generate(digits, count, partSeed);
        CaptionFolder.write(set, out.resolve(part));
    }

    private String readme() {
        return String.format(Locale.ROOT, """
                Captioned digits, written by: rnn4j caption make --train %d --test %d --seed %d

                Each picture is a 64x64 gray canvas split into a 3x3 grid of cells (edges at 0, 21, 43, 64 pixels).
                One to three cells hold one MNIST digit each, scaled by area averaging to 12x12 ("small") or
                20x20 ("large") and placed at a random offset inside the cell. The caption names the digits in
                reading order, e.g. "a small 3 at top left and a large 7 at bottom right".

                train/ uses MNIST's training digits (seed %d), test/ its test digits (seed %d).
                Each folder holds the PNGs and captions.tsv: FILE<TAB>CAPTION per line.
                The same command and seed write the same pictures.
                """, train, test, seed, seed, seed + 1);
    }
}
