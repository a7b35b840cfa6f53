package io.rnn4j.examples;

import io.rnn4j.data.SubwordVocabulary;
import io.rnn4j.io.TranslationModelFile;
import io.rnn4j.loss.SoftmaxCrossEntropy;
import io.rnn4j.nn.Init;
import io.rnn4j.optim.Adam;
import io.rnn4j.seq2seq.Seq2Seq;
import io.rnn4j.seq2seq.Seq2SeqConfig;
import io.rnn4j.seq2seq.TranslationData;
import io.rnn4j.seq2seq.Translator;
import io.rnn4j.train.Batch;
import io.rnn4j.train.BatchSource;
import io.rnn4j.train.Bptt;
import io.rnn4j.train.Objective;
import io.rnn4j.train.Trainer;
import io.rnn4j.train.TrainingConfig;
import io.rnn4j.train.UpdateRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The README's translation example, as written there with smaller sizes and a toy corpus: it
 * learns the corpus through the one Trainer, translates with beam search, and survives a model
 * file.
 */
class ReadmeTranslationExampleTest {

    @Test
    void theTranslationExampleTrainsTranslatesAndSaves(@TempDir Path dir) throws Exception {
        List<TranslationData.Oriented> oriented = List.of(new TranslationData.Oriented("I like tea.", "我喜欢茶。"),
                new TranslationData.Oriented("I like you.", "我喜欢你。"), new TranslationData.Oriented("You like tea.", "你喜欢茶。"),
                new TranslationData.Oriented("You like me.", "你喜欢我。"));
        List<String> english = new ArrayList<>();
        List<String> chinese = new ArrayList<>();
        oriented.forEach(p -> {
            english.add(p.source());
            chinese.add(p.target());
        });

        SubwordVocabulary sourceVocab = SubwordVocabulary.bpe(english, 4000, Translator.SOURCE_RESERVED);
        SubwordVocabulary targetVocab = SubwordVocabulary.chars(chinese, Translator.TARGET_RESERVED);
        List<TranslationData.Encoded> pairs = TranslationData.encode(oriented, sourceVocab, targetVocab, 40);
        Seq2SeqConfig config = Seq2SeqConfig.of(sourceVocab.size(), targetVocab.size()).withSizes(16, 16, 32);
        Seq2Seq model = new Seq2Seq(config).initialize(Init.PYTORCH, 1);
        List<Batch> batches = TranslationData.batches(model, pairs, 64, 1);
        UpdateRule rule = UpdateRule.of(Adam.adam(model.model().parameters())).learningRate(1e-2).clipNorm(1).build();
        Objective loss = Objective.of(new Objective.Term("logits", new SoftmaxCrossEntropy(0.1f), 1.0));
        new Trainer(Bptt.full(model.model(), loss, rule), TrainingConfig.builder().epochs(150).build())
                .fit(BatchSource.shuffled(batches), null);
        Translator translator = new Translator(model, "en", "zh", sourceVocab, targetVocab, 40);
        String text = translator.translate(List.of("I like tea."), 5, 1.0).get(0).text();   // beam 5
        TranslationModelFile.save(dir.resolve("en-zh.model"), translator, null);

        assertEquals("我喜欢茶。", text);
        for (TranslationData.Oriented p : oriented) {
            assertEquals(p.target(), TranslationModelFile.load(dir.resolve("en-zh.model"))
                    .translate(List.of(p.source()), 1, 1.0).get(0).text(), p.source());
        }
    }
}
