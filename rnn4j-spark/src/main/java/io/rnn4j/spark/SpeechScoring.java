package io.rnn4j.spark;

import io.rnn4j.io.SpeechModelFile;
import io.rnn4j.speech.SpeechRecognizer;
import io.rnn4j.speech.WavReader;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A speech recogniser ({@code rnn4j speech train}) on WAV files' bytes: {@code transcript}, the
 * best-path transcription, as {@code rnn4j speech transcribe} writes it without {@code --beam}.
 * A file that is not WAV, is silent or is shorter than a frame is a bad row, with the reason.
 * The recogniser batches the clips by length itself ({@link SpeechRecognizer#transcribe}).
 */
final class SpeechScoring extends BinaryScoring {

    private static final long serialVersionUID = 1L;
    static final String KIND = "speech-recognizer";

    @Override
    String reads() {
        return "a speech recogniser reads the WAV file's bytes (binary), e.g. the content column of spark.read().format(\"binaryFile\")";
    }

    @Override
    public List<StructField> columns(String prefix) {
        return List.of(DataTypes.createStructField(prefix + "transcript", DataTypes.StringType, true));
    }

    @Override
    public List<RowOutcome> score(ModelSource source, List<Object> inputs, int batch, int maxTokens) {
        SpeechRecognizer recognizer = Executors.model(source, KIND, SpeechModelFile::load);
        RowOutcome[] out = new RowOutcome[inputs.size()];
        List<Integer> pending = new ArrayList<>();
        List<float[]> features = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            byte[] file = (byte[]) inputs.get(i);
            String where = "the clip (" + file.length + " bytes)";
            try {
                features.add(recognizer.featuresOf(WavReader.read(file, where), where));
                pending.add(i);
            } catch (IllegalArgumentException e) {
                out[i] = RowOutcome.refused(e.getMessage());
            }
        }
        List<String> transcripts = recognizer.transcribe(features);
        for (int k = 0; k < pending.size(); k++) {
            out[pending.get(k)] = RowOutcome.of(transcripts.get(k));
        }
        return Arrays.asList(out);
    }
}
