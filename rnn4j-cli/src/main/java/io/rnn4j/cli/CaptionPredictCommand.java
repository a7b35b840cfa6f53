package io.rnn4j.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.rnn4j.caption.CaptionModel;
import io.rnn4j.caption.CaptionSet;
import io.rnn4j.caption.Captioner;
import io.rnn4j.data.image.ImageSet;
import io.rnn4j.io.CaptionModelFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;

/** {@code rnn4j caption predict}: captions for picture files, and optionally where the model looked. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Caption picture files (PNG, JPEG, GIF, BMP) of the size the model was trained on.")
final class CaptionPredictCommand implements Runnable {

    @Mixin
    ThreadsOption threads;

    @Option(names = "--model", required = true, description = "Model file written by caption train.")
    Path model;

    @Option(names = "--beam", converter = Ranges.Positive.class, defaultValue = "1",
            description = "Beam width; 1 is greedy (default: ${DEFAULT-VALUE}).")
    int beam;

    @Option(names = "--explain", paramLabel = "DIR", description = "Write DIR/NAME.attention.png per picture: the picture"
            + " under the attention of each written word.")
    Path explain;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Pictures to caption.")
    List<Path> files;

    @Override
    public void run() {
        threads.apply();
        CliFiles.requireInputFile("--model", model);
        CaptionModel captioner = CaptionModelFile.load(model);
        ImageSet set = ImageFiles.read(files, captioner.shape(), List.of(CaptionSet.IMAGE_CLASS));
        List<Captioner.Caption> written = new Captioner(captioner).caption(set, beam);
        JsonArray out = new JsonArray();
        for (int i = 0; i < files.size(); i++) {
            Captioner.Caption c = written.get(i);
            Path picture = explain == null ? null : CaptionAttentionPicture.writeInto(explain, files.get(i), set, i, c, captioner);
            if (json) {
                JsonObject o = new JsonObject();
                o.addProperty("file", files.get(i).toString());
                o.addProperty("caption", c.text());
                if (picture != null) {
                    o.addProperty("attention_png", picture.toString());
                }
                out.add(o);
            } else {
                System.out.println(files.get(i) + ": " + c.text() + (picture == null ? "" : "  (attention: " + picture + ")"));
            }
        }
        if (json) {
            System.out.println(new GsonBuilder().setPrettyPrinting().create().toJson(out));
        }
    }
}
