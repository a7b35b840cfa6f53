package io.rnn4j.spark;

import io.rnn4j.caption.CaptionModel;
import io.rnn4j.caption.CaptionVocabulary;
import io.rnn4j.caption.Captioner;
import io.rnn4j.data.image.ImageArchitecture;
import io.rnn4j.data.image.ImageClassifier;
import io.rnn4j.data.image.ImageSet;
import io.rnn4j.data.image.Normalization;
import io.rnn4j.io.CaptionModelFile;
import io.rnn4j.io.ImageModelFile;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.conv.ImageShape;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An image classifier and a captioner over folders of PNG files read by Spark's binaryFile source. */
class ImageScoringTest {

    @TempDir
    static Path dir;
    static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = LocalSpark.get();
    }

    @Test
    void everyImagesProbabilitiesEqualTheClassifiersOwn() throws Exception {
        ImageShape shape = new ImageShape(1, 8, 8);
        SequenceModel model = ImageArchitecture.ROW_LSTM.build(shape, 3, 6).initialize(Init.PYTORCH, 2);
        ImageClassifier classifier = new ImageClassifier(model, shape, ImageArchitecture.ROW_LSTM, Normalization.unit(1),
                List.of("zero", "one", "two"));
        Path file = dir.resolve("digits.model");
        ImageModelFile.save(file, classifier, null);
        Path images = Files.createDirectories(dir.resolve("images"));
        SplittableRandom r = new SplittableRandom(5);
        byte[][] pixels = new byte[12][64];
        for (int i = 0; i < 12; i++) {
            BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
            for (int p = 0; p < 64; p++) {
                int v = r.nextInt(256);
                pixels[i][p] = (byte) v;
                img.getRaster().setSample(p % 8, p / 8, 0, v);
            }
            ImageIO.write(img, "png", images.resolve(String.format("img%02d.png", i)).toFile());
        }
        Files.write(images.resolve("broken.png"), new byte[]{1, 2, 3});
        BufferedImage big = new BufferedImage(9, 8, BufferedImage.TYPE_BYTE_GRAY);
        ImageIO.write(big, "png", images.resolve("wide.png").toFile());

        List<Row> out = Scorer.imageClassifier(ModelSource.broadcast(spark, file)).withBatch(5)
                .onError(Scorer.OnError.NULL_WITH_REASON)
                .transform(spark.read().format("binaryFile").load(images.toString()), "content").orderBy("path").collectAsList();
        assertEquals(14, out.size());
        int path = out.get(0).fieldIndex("path");
        for (Row row : out) {
            String name = Path.of(java.net.URI.create(row.getString(path))).getFileName().toString();
            if (name.startsWith("img")) {
                int i = Integer.parseInt(name.substring(3, 5));
                float[] p = classifier.probabilities(new ImageSet(shape, pixels[i], new int[1], classifier.classes()), 0, 1)[0];
                List<Object> all = row.getList(row.fieldIndex("probabilities"));
                for (int c = 0; c < 3; c++) {
                    assertEquals(p[c], (Double) all.get(c), 1e-6, name);
                }
                assertTrue(row.isNullAt(row.fieldIndex("error")));
            } else {
                assertTrue(row.isNullAt(row.fieldIndex("label")), name);
                assertTrue(row.getString(row.fieldIndex("error")).length() > 10, row.toString());
            }
        }
    }

    @Test
    void everyImagesCaptionEqualsTheCaptionersOwn() throws Exception {
        CaptionModel model = new CaptionModel(CaptionModel.Kind.SHOW_ATTEND_TELL, new ImageShape(1, 8, 16),
                CaptionVocabulary.of(List.of("a one", "a two and a three")), Normalization.unit(1), 8);
        model.model().initialize(Init.PYTORCH, 9);
        Path file = dir.resolve("captioner.model");
        CaptionModelFile.save(file, model, null);
        Path images = Files.createDirectories(dir.resolve("pictures"));
        SplittableRandom r = new SplittableRandom(6);
        byte[][] pixels = new byte[6][128];
        for (int i = 0; i < 6; i++) {
            BufferedImage img = new BufferedImage(16, 8, BufferedImage.TYPE_BYTE_GRAY);
            for (int p = 0; p < 128; p++) {
                int v = r.nextInt(256);
                pixels[i][p] = (byte) v;
                img.getRaster().setSample(p % 16, p / 16, 0, v);
            }
            ImageIO.write(img, "png", images.resolve("pic" + i + ".png").toFile());
        }
        List<Row> out = Scorer.imageCaptioner(ModelSource.broadcast(spark, file)).withBatch(4)
                .transform(spark.read().format("binaryFile").load(images.toString()), "content").orderBy("path").collectAsList();
        assertEquals(6, out.size());
        Captioner own = new Captioner(CaptionModelFile.load(file));
        for (int i = 0; i < 6; i++) {
            Captioner.Caption c = own.caption(new ImageSet(model.shape(), pixels[i], new int[1], List.of("image")), 1).get(0);
            assertEquals(c.text(), out.get(i).getString(out.get(i).fieldIndex("caption")));
            assertEquals(c.logProbability(), out.get(i).getDouble(out.get(i).fieldIndex("log_probability")), 1e-4);
        }
    }
}
