package io.rnn4j.serve;

import com.google.gson.JsonObject;
import io.rnn4j.caption.CaptionModel;
import io.rnn4j.caption.CaptionVocabulary;
import io.rnn4j.data.CharVocabulary;
import io.rnn4j.data.SubwordVocabulary;
import io.rnn4j.data.image.ImageArchitecture;
import io.rnn4j.data.image.ImageClassifier;
import io.rnn4j.data.image.Normalization;
import io.rnn4j.io.CaptionModelFile;
import io.rnn4j.io.ImageModelFile;
import io.rnn4j.io.ModelFile;
import io.rnn4j.io.TranslationModelFile;
import io.rnn4j.nn.Dense;
import io.rnn4j.nn.Embedding;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.attention.Attention;
import io.rnn4j.nn.conv.ImageShape;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.nn.recurrent.RecurrentLayer;
import io.rnn4j.seq2seq.Seq2Seq;
import io.rnn4j.seq2seq.Seq2SeqConfig;
import io.rnn4j.seq2seq.Translator;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Small model files of every served kind for the server tests. */
final class TestModels {

    static final String CHARS = "abcdefgh ";

    private TestModels() {
    }

    /** A 2-layer LSTM character model over {@link #CHARS}, random weights (seeded). */
    static SequenceModel charModel(long seed) {
        int v = CHARS.length();
        return new SequenceModel(v)
                .add("embed", new Embedding(v, 6))
                .add("rnn", new RecurrentLayer(RecurrentConfig.lstm(6, 16).layers(2), RecurrentLayer.Output.SEQUENCE))
                .add("head", new Dense(16, v))
                .initialize(Init.PYTORCH, seed);
    }

    /** A small English-to-Chinese attention GRU translator over three sentence pairs, random weights (seeded). */
    static Translator translator(long seed) {
        List<String> en = List.of("I like tea.", "I like you.", "You like tea.");
        List<String> zh = List.of("我喜欢茶。", "我喜欢你。", "你喜欢茶。");
        SubwordVocabulary sv = SubwordVocabulary.bpe(en, 8, Translator.SOURCE_RESERVED);
        SubwordVocabulary tv = SubwordVocabulary.chars(zh, Translator.TARGET_RESERVED);
        Seq2SeqConfig c = new Seq2SeqConfig(sv.size(), tv.size(), RecurrentConfig.CellType.GRU, 6, 5, 1, true, 7, 2,
                Attention.Score.ADDITIVE, 4, false, 0f);
        return new Translator(new Seq2Seq(c).initialize(Init.PYTORCH, seed), "en", "zh", sv, tv, 12);
    }

    static Path writeTranslator(Path dir, String name, long seed) throws IOException {
        Path file = dir.resolve(name + ".model");
        TranslationModelFile.save(file, translator(seed), null);
        return file;
    }

    /** A row-LSTM image classifier of 8×8 gray images into three classes, random weights (seeded). */
    static ImageClassifier classifier(long seed) {
        ImageShape shape = new ImageShape(1, 8, 8);
        SequenceModel model = ImageArchitecture.ROW_LSTM.build(shape, 3, 6).initialize(Init.PYTORCH, seed);
        return new ImageClassifier(model, shape, ImageArchitecture.ROW_LSTM, Normalization.unit(1), List.of("zero", "one", "two"));
    }

    static Path writeClassifier(Path dir, String name, long seed) throws IOException {
        Path file = dir.resolve(name + ".model");
        ImageModelFile.save(file, classifier(seed), null);
        return file;
    }

    /** A show-attend-tell captioner of 8×16 gray pictures with a five-word vocabulary, random weights (seeded). */
    static CaptionModel captioner(long seed) {
        CaptionModel m = new CaptionModel(CaptionModel.Kind.SHOW_ATTEND_TELL, new ImageShape(1, 8, 16),
                CaptionVocabulary.of(List.of("a one", "a two and a three")), Normalization.unit(1), 8);
        m.model().initialize(Init.PYTORCH, seed);
        return m;
    }

    static Path writeCaptioner(Path dir, String name, long seed) throws IOException {
        Path file = dir.resolve(name + ".model");
        CaptionModelFile.save(file, captioner(seed), null);
        return file;
    }

    static Path write(Path dir, String name, long seed) throws IOException {
        Path file = dir.resolve(name + ".model");
        JsonObject extra = new JsonObject();
        extra.add("tokenizer", CharVocabulary.of(CHARS).toJson());
        ModelFile.save(file, charModel(seed), extra, null);
        return file;
    }
}
