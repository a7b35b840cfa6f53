package io.rnn4j.spark;

import io.rnn4j.io.VideoModelFile;
import io.rnn4j.video.Video;
import io.rnn4j.video.VideoConfig;
import io.rnn4j.video.VideoPredictor;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A ConvLSTM video predictor over clips in a binary column: each clip's predicted frames equal the model's own. */
class VideoScoringTest {

    @TempDir
    static Path dir;
    static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = LocalSpark.get();
    }

    @Test
    void everyClipsPredictedFramesEqualTheModelsOwn() throws Exception {
        VideoConfig c = new VideoConfig(VideoConfig.Kind.CONVLSTM, 4, 3, 8, 8, 4, 2, 1, 3);
        VideoPredictor predictor = VideoPredictor.create(c, 1);
        Path file = dir.resolve("video.model");
        VideoModelFile.save(file, predictor, null);
        SplittableRandom r = new SplittableRandom(4);
        List<byte[]> clips = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            byte[] clip = new byte[4 * 64];
            r.nextBytes(clip);
            clips.add(clip);
            rows.add(RowFactory.create(i, clip));
        }
        rows.add(RowFactory.create(5, new byte[10]));
        StructType schema = new StructType().add("id", DataTypes.IntegerType).add("clip", DataTypes.BinaryType);
        List<Row> out = Scorer.videoPredictor(ModelSource.broadcast(spark, file)).withBatch(3).onError(Scorer.OnError.NULL_WITH_REASON)
                .transform(spark.createDataFrame(rows, schema).repartition(2), "clip").orderBy("id").collectAsList();
        VideoPredictor own = VideoModelFile.load(file);
        for (int i = 0; i < 5; i++) {
            byte[] padded = java.util.Arrays.copyOf(clips.get(i), 7 * 64);
            float[] p = own.predict(new Video(7, 1, 8, 8, padded), new int[]{0});
            byte[] got = (byte[]) out.get(i).get(2);
            assertEquals(3 * 64, got.length);
            for (int a = 0; a < got.length; a++) {
                assertTrue(Math.abs((got[a] & 0xff) - Math.round(p[a] * 255f)) <= 1, "clip " + i + ", pixel " + a);
            }
        }
        assertEquals("the clip has 10 bytes; the model reads 4 frames of 8 x 8 = 256 bytes", out.get(5).getString(3));
    }
}
