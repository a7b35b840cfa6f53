package io.rnn4j.spark;

import io.rnn4j.io.SpeechModelFile;
import io.rnn4j.nn.Init;
import io.rnn4j.speech.Alphabet;
import io.rnn4j.speech.FeatureConfig;
import io.rnn4j.speech.SpeechConfig;
import io.rnn4j.speech.SpeechRecognizer;
import io.rnn4j.speech.WavReader;
import io.rnn4j.speech.WavWriter;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A speech recogniser over a folder of WAV files read by Spark's binaryFile source. */
class SpeechScoringTest {

    @TempDir
    static Path dir;
    static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = LocalSpark.get();
    }

    @Test
    void everyClipsTranscriptEqualsTheRecognisersOwn() throws Exception {
        FeatureConfig features = new FeatureConfig("logmel", 8000, 200, 80, 256, 20, 0, 0, "utterance");
        SpeechRecognizer recognizer = SpeechRecognizer.create(new SpeechConfig("gru", 8, 1, true, 0, 1, 0f), features,
                Alphabet.of(List.of("abc")));
        recognizer.model().initialize(Init.PYTORCH, 3);
        Path file = dir.resolve("speech.model");
        SpeechModelFile.save(file, recognizer, null);
        Path clips = Files.createDirectories(dir.resolve("clips"));
        SplittableRandom r = new SplittableRandom(8);
        for (int i = 0; i < 5; i++) {
            float[] samples = new float[2000 + 800 * i];
            double f = 300 + 100 * i;
            for (int t = 0; t < samples.length; t++) {
                samples[t] = (float) (0.3 * Math.sin(2 * Math.PI * f * t / 8000) + 0.01 * r.nextGaussian());
            }
            WavWriter.write16(clips.resolve("clip" + i + ".wav"), samples, 8000);
        }
        Files.write(clips.resolve("noise.wav"), new byte[]{'R', 'I', 'F', 'F', 0, 0});
        List<Row> out = Scorer.speechRecognizer(ModelSource.broadcast(spark, file)).onError(Scorer.OnError.NULL_WITH_REASON)
                .transform(spark.read().format("binaryFile").load(clips.toString()), "content").orderBy("path").collectAsList();
        assertEquals(6, out.size());
        SpeechRecognizer own = SpeechModelFile.load(file);
        for (int i = 0; i < 5; i++) {
            Path clip = clips.resolve("clip" + i + ".wav");
            String expected = own.transcribe(List.of(own.featuresOf(WavReader.read(clip), clip.toString()))).get(0);
            assertEquals(expected, out.get(i).getString(out.get(i).fieldIndex("transcript")), clip.toString());
        }
        Row noise = out.get(5);
        assertTrue(noise.getString(noise.fieldIndex("error")).contains("not a WAV file this reader understands"), noise.toString());
    }
}
