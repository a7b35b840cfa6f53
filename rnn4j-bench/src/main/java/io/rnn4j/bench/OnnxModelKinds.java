package io.rnn4j.bench;

import io.rnn4j.caption.CaptionModel;
import io.rnn4j.caption.CaptionVocabulary;
import io.rnn4j.data.image.ImageArchitecture;
import io.rnn4j.data.image.Normalization;
import io.rnn4j.interop.onnx.OnnxExport;
import io.rnn4j.nn.Dense;
import io.rnn4j.nn.Embedding;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.conv.ImageShape;
import io.rnn4j.nn.recurrent.JordanLayer;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.nn.recurrent.RecurrentLayer;
import io.rnn4j.seq2seq.Seq2Seq;
import io.rnn4j.seq2seq.Seq2SeqConfig;
import io.rnn4j.speech.SpeechConfig;
import io.rnn4j.text.ClassifierConfig;
import io.rnn4j.text.TaggerConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes one ONNX file for every model kind the command line trains, built by the same builders
 * with PyTorch's initialisation (the weights do not matter to a format check), and prints one
 * line per kind: written, or refused and why. The ONNX checker peer then reads the files:
 *
 * <pre>  java -cp rnn4j-bench/target/rnn4j-benchmarks.jar io.rnn4j.bench.OnnxModelKinds DIR</pre>
 */
public final class OnnxModelKinds {

    private OnnxModelKinds() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/onnx-kinds");
        Files.createDirectories(dir);
        Map<String, SequenceModel> kinds = new LinkedHashMap<>();
        kinds.put("lm-lstm", languageModel(RecurrentConfig.lstm(16, 32).layers(2)));
        kinds.put("lm-gru", languageModel(RecurrentConfig.gru(16, 32)));
        kinds.put("lm-rnn", languageModel(RecurrentConfig.rnn(16, 32)));
        kinds.put("lm-clockwork", languageModel(RecurrentConfig.clockwork(16, 32, 4)));
        kinds.put("clockwork-bidirectional", languageModel(RecurrentConfig.clockwork(16, 32, 4).layers(2)
                .bidirectional(RecurrentConfig.Merge.CONCAT)));
        kinds.put("lm-jordan", new SequenceModel(65).add("embed", new Embedding(65, 16))
                .add("jordan", new JordanLayer(16, 32, 65, JordanLayer.OutputActivation.IDENTITY, false)));
        ImageShape mnist = new ImageShape(1, 28, 28);
        kinds.put("image-cnn", ImageArchitecture.CNN.build(mnist, 10, 64));
        kinds.put("image-row-lstm", ImageArchitecture.ROW_LSTM.build(mnist, 10, 64));
        ClassifierConfig c = ClassifierConfig.defaults().withEmbedding(32).withHidden(32);
        for (String pooling : ClassifierConfig.POOLINGS) {
            kinds.put("classify-lstm-" + pooling, c.withPooling(pooling).build(500, 2));
        }
        kinds.put("classify-cnn", c.withEncoder("cnn").build(500, 2));
        kinds.put("classify-bag", c.withEncoder("bag").withPooling("mean").build(500, 2));
        List<String> tags = List.of("O", "B-NP", "I-NP");
        kinds.put("tag-plain", TaggerConfig.defaults().withChars(false).withCrf(false).build(500, 60, new int[]{12, 12}, tags));
        kinds.put("tag-crf-chars", TaggerConfig.defaults().build(500, 60, new int[]{12, 12}, tags));
        kinds.put("speech", new SpeechConfig("lstm", 64, 2, true, 64, 2, 0.1f).build(40, 28));
        kinds.put("translate", new Seq2Seq(Seq2SeqConfig.of(100, 100)).model());
        kinds.put("caption", new CaptionModel(CaptionModel.Kind.SHOW_ATTEND_TELL, new ImageShape(3, 32, 32),
                CaptionVocabulary.of(List.of("a cat", "a dog")), Normalization.unit(3), 32).model());
        for (Map.Entry<String, SequenceModel> e : kinds.entrySet()) {
            SequenceModel m = e.getValue();
            m.initialize(Init.PYTORCH, 1);
            Path out = dir.resolve(e.getKey() + ".onnx");
            try {
                boolean lm = e.getKey().startsWith("lm");
                OnnxExport.write(m, out, OnnxExport.Options.defaults().withSoftmax(lm).withStreaming(lm));
                System.out.printf("written  %-22s %,d bytes%n", e.getKey(), Files.size(out));
            } catch (IllegalArgumentException refused) {
                System.out.printf("refused  %-22s %s%n", e.getKey(), refused.getMessage());
            }
        }
    }

    private static SequenceModel languageModel(RecurrentConfig rnn) {
        return new SequenceModel(65)
                .add("embed", new Embedding(65, 16))
                .add("rnn", new RecurrentLayer(rnn, RecurrentLayer.Output.SEQUENCE))
                .add("head", new Dense(rnn.outputSize(), 65));
    }
}
