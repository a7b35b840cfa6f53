package io.rnn4j.cli;

import io.rnn4j.data.image.IdxReader;
import io.rnn4j.data.image.ImageSet;
import io.rnn4j.video.MovingMnist;
import io.rnn4j.video.Video;
import io.rnn4j.video.VideoNpy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/** {@code rnn4j video moving-mnist}: writes Moving MNIST sequences ({@link MovingMnist}) as a .npy file. */
@Command(name = "moving-mnist", mixinStandardHelpOptions = true,
        description = "Write Moving MNIST: two MNIST digits bouncing in 64x64 frames, 20 frames per sequence (the first 10"
                + " are read, the last 10 predicted), as a .npy file of unsigned bytes shaped (20, N, 64, 64) like the shared"
                + " mnist_test_seq.npy. The same seed and digits give the same file.")
final class VideoMovingMnistCommand implements Runnable {

    @Option(names = "--mnist", required = true, paramLabel = "DIR", description = "MNIST's four IDX files (plain or .gz).")
    Path mnist;

    @Option(names = "--part", defaultValue = "train", description = "Draw digits from MNIST's train or test images"
            + " (default: ${DEFAULT-VALUE}).")
    String part;

    @Option(names = "--sequences", converter = Ranges.Positive.class, defaultValue = "10000",
            description = "Sequences to write (default: ${DEFAULT-VALUE}; 82 MB per 1,000).")
    int sequences;

    @Option(names = "--seed", converter = Ranges.AnyLong.class, defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "FILE.npy", description = "File to write.")
    Path out;

    @Option(names = "--json", description = "Print what was written as one JSON object on stdout.")
    boolean json;

    @Override
    public void run() {
        ApplicationTraining.reporting(json, this::generate);
    }

    private com.google.gson.JsonObject generate() {
        if (!IdxReader.isMnistFolder(mnist)) {
            throw new IllegalArgumentException("--mnist " + mnist + " does not hold MNIST's four IDX files ("
                    + IdxReader.TRAIN_IMAGES + " and the others, plain or .gz)");
        }
        if (!part.equals("train") && !part.equals("test")) {
            throw new UsageException("--part takes train or test, not '" + part + "'");
        }
        CliFiles.requireOutputFile("--out", out);
        long start = System.nanoTime();
        try {
            ImageSet digits = part.equals("train") ? IdxReader.mnistTrain(mnist) : IdxReader.mnistTest(mnist);
            Video v = MovingMnist.generate(digits, sequences, seed);
            VideoNpy.write(out, v);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write --out " + out + ": " + CliFiles.describe(e));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "wrote %,d Moving MNIST sequences (20 x 64 x 64, digits from MNIST's %s images, seed %d)"
                + " to %s in %.1f s%n", sequences, part, seed, out, seconds);
        com.google.gson.JsonObject o = new com.google.gson.JsonObject();
        o.addProperty("out", out.toString());
        o.addProperty("sequences", sequences);
        o.addProperty("frames", MovingMnist.FRAMES);
        o.addProperty("part", part);
        o.addProperty("seed", seed);
        o.addProperty("seconds", seconds);
        return o;
    }
}
