package io.rnn4j.spark;

import io.rnn4j.caption.CaptionModel;
import io.rnn4j.caption.Captioner;
import io.rnn4j.io.CaptionModelFile;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

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
        return ImageBytes.inBatches(inputs, model.shape(), List.of("image"), batch, set -> captioner.caption(set, 1).stream()
                .map(c -> RowOutcome.of(c.text(), c.logProbability())).toList());
    }
}
