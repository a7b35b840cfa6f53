package io.rnn4j.serve;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.rnn4j.client.Rnn4jClient;
import io.rnn4j.caption.CaptionModel;
import io.rnn4j.caption.CaptionSet;
import io.rnn4j.caption.Captioner;
import io.rnn4j.data.image.ImageClassifier;
import io.rnn4j.data.image.ImageSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An image classifier and an image captioner served: the models' own probabilities and captions
 * for a PNG, and clear refusals of bad images.
 */
class ClassifyServeTest {

    @TempDir
    static Path dir;
    private static Server server;
    private static final ImageClassifier DIRECT = TestModels.classifier(9);

    @BeforeAll
    static void start() throws Exception {
        server = Server.start(List.of(TestModels.write(dir, "tiny", 3), TestModels.writeClassifier(dir, "digits", 9),
                TestModels.writeCaptioner(dir, "words", 4)), ServeOptions.defaults().withPort(0), line -> { });
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return Http.post(server, path, body);
    }

    /** A gray image whose pixel (x, y) is {@code (x·31 + y·17 + seed) mod 256}. */
    private static byte[] gray(int width, int height, int seed) {
        byte[] p = new byte[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                p[y * width + x] = (byte) ((x * 31 + y * 17 + seed) % 256);
            }
        }
        return p;
    }

    private static String png(int width, int height, byte[] pixels) throws Exception {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setDataElements(0, 0, width, height, pixels);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }

    @Test
    void anImageGetsTheModelsOwnProbabilities() throws Exception {
        for (int seed : new int[] {0, 77, 200}) {
            byte[] pixels = gray(8, 8, seed);
            float[] want = DIRECT.probabilities(new ImageSet(DIRECT.shape(), pixels, new int[1], DIRECT.classes()), 0, 1)[0];
            HttpResponse<String> r = post("/v1/models/digits/classify", "{\"image\": \"" + png(8, 8, pixels) + "\", \"top\": 3}");
            assertEquals(200, r.statusCode(), r.body());
            JsonArray top = JsonParser.parseString(r.body()).getAsJsonObject().getAsJsonArray("top");
            assertEquals(3, top.size());
            double previous = 1;
            for (int i = 0; i < 3; i++) {
                JsonObject t = top.get(i).getAsJsonObject();
                int c = DIRECT.classes().indexOf(t.get("class").getAsString());
                assertEquals(want[c], t.get("p").getAsFloat(), "p of " + t.get("class") + " for image " + seed);
                assertTrue(t.get("p").getAsDouble() <= previous, "most probable first");
                previous = t.get("p").getAsDouble();
            }
        }
    }

    @Test
    void aPictureGetsTheCaptionersOwnCaption() throws Exception {
        CaptionModel direct = TestModels.captioner(4);
        for (int seed : new int[] {3, 150}) {
            byte[] pixels = gray(16, 8, seed);
            ImageSet set = new ImageSet(direct.shape(), pixels, new int[1], List.of(CaptionSet.IMAGE_CLASS));
            for (int beam : new int[] {1, 3}) {
                Captioner.Caption want = new Captioner(direct).caption(set, beam).get(0);
                HttpResponse<String> r = post("/v1/models/words/caption", "{\"image\": \"" + png(16, 8, pixels) + "\", \"beam\": " + beam + "}");
                assertEquals(200, r.statusCode(), r.body());
                JsonObject got = JsonParser.parseString(r.body()).getAsJsonObject();
                assertEquals(want.text(), got.get("text").getAsString(), "picture " + seed + ", beam " + beam);
                assertEquals(want.logProbability(), got.get("log_probability").getAsDouble(), 1e-9);
            }
        }
        assertRefused(post("/v1/models/words/caption", "{\"image\": \"" + png(8, 8, gray(8, 8, 1)) + "\"}"), 400,
                "'image': 8x8 pixels, the model reads 16x8");
        assertRefused(post("/v1/models/digits/caption", "{\"image\": \"" + png(8, 8, gray(8, 8, 1)) + "\"}"), 400,
                "is an image classifier, not an image captioner");
    }

    @Test
    void theClassifierIsListedWithWhatItReads() {
        JsonObject m = new Rnn4jClient(URI.create("http://127.0.0.1:" + server.port())).models().get(1);
        assertEquals("image-classifier", m.get("kind").getAsString());
        assertEquals(8, m.get("width").getAsInt());
        assertEquals(8, m.get("height").getAsInt());
        assertEquals(1, m.get("channels").getAsInt());
        assertEquals("[\"zero\",\"one\",\"two\"]", m.get("classes").toString());
    }

    private static void assertRefused(HttpResponse<String> r, int status, String says) {
        Http.assertRefused(r, status, says);
    }

    @Test
    void badImagesAreRefusedNamingTheProblem() throws Exception {
        String ok = png(8, 8, gray(8, 8, 1));
        assertRefused(post("/v1/models/digits/classify", "{\"image\": \"" + png(9, 8, gray(9, 8, 1)) + "\"}"), 400,
                "'image': 9x8 pixels, the model reads 8x8");
        assertRefused(post("/v1/models/digits/classify", "{\"image\": \"" + Base64.getEncoder().encodeToString(new byte[] {1, 2, 3, 4})
                + "\"}"), 400, "is no image ImageIO can read (PNG, JPEG, GIF or BMP)");
        assertRefused(post("/v1/models/digits/classify", "{\"image\": \"not base64!\"}"), 400, "not valid base64");
        assertRefused(post("/v1/models/digits/classify", "{}"), 400, "'image'");
        assertRefused(post("/v1/models/digits/classify", "{\"image\": \"" + ok + "\", \"top\": 4}"), 400, "top");
        assertRefused(post("/v1/models/tiny/classify", "{\"image\": \"" + ok + "\"}"), 400, "is a language model, not an image classifier");
        assertRefused(post("/v1/models/digits/translate", "{\"text\": \"a\"}"), 400, "classify with POST /v1/models/digits/classify");
        assertRefused(post("/v1/sessions", "{\"model\": \"digits\"}"), 400, "is an image classifier, not a language model");
        assertRefused(post("/v1/models/nope/classify", "{\"image\": \"" + ok + "\"}"), 404, "image classifiers served: [digits]");
        assertEquals(200, post("/v1/models/digits/classify", "{\"image\": \"" + ok + "\"}").statusCode(), "still serving");
    }
}
