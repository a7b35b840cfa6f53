package io.rnn4j.spark;

import io.rnn4j.caption.CaptionModel;
import io.rnn4j.caption.Captioner;
import io.rnn4j.data.image.ImageSet;
import io.rnn4j.io.CaptionModelFile;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An image captioner ({@code rnn4j caption train}) on image files' bytes: {@code caption}, its
 * greedy caption, and {@code log_probability} (nats), as {@code rnn4j caption predict} writes them
 * without {@code --beam}. Images are captioned B at a time.
 */
final class CaptionScoring extends BinaryScoring {

    private static final long serialVersionUID = 1L;
    static final String KIND = "image-captioner";

    @Override
    String reads() {
        return "an image captioner reads the image file's bytes (binary), e.g. the content column of spark.read().format(\"binaryFile\")";
    }

    @Override
    public List<StructField> columns(String prefix) {
        return List.of(DataTypes.createStructField(prefix + "caption", DataTypes.StringType, true),
                DataTypes.createStructField(prefix + "log_probability", DataTypes.DoubleType, true));
    }

    @Override
    public List<RowOutcome> score(ModelSource source, List<Object> inputs, int batch, int maxTokens) {
        CaptionModel model = Executors.model(source, KIND, CaptionModelFile::load);
        Captioner captioner = new Captioner(model);
        int size = model.shape().size();
        RowOutcome[] out = new RowOutcome[inputs.size()];
        List<Integer> pending = new ArrayList<>();
        List<byte[]> pixels = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            try {
                pixels.add(ImageBytes.pixels((byte[]) inputs.get(i), model.shape()));
                pending.add(i);
            } catch (IllegalArgumentException e) {
                out[i] = RowOutcome.refused(e.getMessage());
            }
        }
        for (int from = 0; from < pending.size(); from += batch) {
            int n = Math.min(batch, pending.size() - from);
            byte[] all = ImageBytes.concat(pixels, from, n, size);
            List<Captioner.Caption> written = captioner.caption(new ImageSet(model.shape(), all, new int[n], List.of("image")), 1);
            for (int k = 0; k < n; k++) {
                out[pending.get(from + k)] = RowOutcome.of(written.get(k).text(), written.get(k).logProbability());
            }
        }
        return Arrays.asList(out);
    }
}
