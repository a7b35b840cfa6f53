package io.rnn4j.examples;

import io.rnn4j.data.image.IdxReader;
import io.rnn4j.data.image.ImageArchitecture;
import io.rnn4j.data.image.ImageBatches;
import io.rnn4j.data.image.ImageClassifier;
import io.rnn4j.data.image.ImageSet;
import io.rnn4j.data.image.ImageView;
import io.rnn4j.data.image.Normalization;
import io.rnn4j.io.ImageModelFile;
import io.rnn4j.loss.SoftmaxCrossEntropy;
import io.rnn4j.nn.Activation;
import io.rnn4j.nn.Dense;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.conv.BatchNorm;
import io.rnn4j.nn.conv.Conv2d;
import io.rnn4j.nn.conv.ConvAxis;
import io.rnn4j.nn.conv.Flatten;
import io.rnn4j.nn.conv.ImageShape;
import io.rnn4j.nn.conv.Pool2d;
import io.rnn4j.nn.conv.PoolKind;
import io.rnn4j.optim.Adam;
import io.rnn4j.train.Bptt;
import io.rnn4j.train.Trainer;
import io.rnn4j.train.TrainingConfig;
import io.rnn4j.train.UpdateRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's image example, as written there on the first 3,000 MNIST training digits for two
 * epochs: the shipped CNN learns them (over 90 % of the first 1,000 test digits right), the
 * classifier survives its model file, and a hand-built CNN of the same layers runs.
 */
class ReadmeImageExampleTest {

    @Test
    void theImageExampleTrainsPredictsAndSaves(@TempDir Path dir) throws Exception {
        Path mnist = Path.of("..", "..", "shared", "data", "mnist");
        ImageSet train = IdxReader.mnistTrain(mnist).slice(0, 3000);
        ImageSet test = IdxReader.mnistTest(mnist).slice(0, 1000);

        Normalization norm = Normalization.of(train);
        SequenceModel model = ImageArchitecture.CNN.build(train.shape(), 10, 128).initialize(Init.PYTORCH, 1);
        UpdateRule rule = UpdateRule.of(Adam.adam(model.parameters())).learningRate(1e-3).clipNorm(1).build();
        new Trainer(Bptt.full(model, new SoftmaxCrossEntropy(), rule), TrainingConfig.builder().epochs(2).build())
                .fit(ImageBatches.training(train, ImageView.IMAGE, norm, 64, 2), null);   // shifts of up to 2 pixels
        ImageClassifier classifier = new ImageClassifier(model, train.shape(), ImageArchitecture.CNN, norm, train.classes());
        int[] predicted = classifier.predict(test, 256);
        ImageModelFile.save(dir.resolve("mnist.model"), classifier, null);

        int right = 0;
        for (int i = 0; i < predicted.length; i++) {
            right += predicted[i] == test.labels()[i] ? 1 : 0;
        }
        assertTrue(right > 900, right + " of 1,000 right");
        assertArrayEquals(predicted, ImageModelFile.load(dir.resolve("mnist.model")).predict(test, 100));

        // the same kind of network, layer by layer
        Conv2d conv = new Conv2d(new ImageShape(1, 28, 28), 32, ConvAxis.of(5).samePadding());
        Pool2d pool = Pool2d.of(PoolKind.MAX, conv.outputShape(), 2);
        SequenceModel cnn = new SequenceModel(784)
                .add("conv", conv)
                .add("bn", BatchNorm.images(conv.outputShape()))
                .add("relu", new Activation(Activation.Kind.RELU))
                .add("pool", pool)
                .add("flatten", new Flatten())
                .add("logits", new Dense(pool.outputShape().size(), 10));
        assertEquals(10, cnn.initialize(Init.PYTORCH, 2).outputSize());
        assertEquals(32 * 14 * 14, pool.outputShape().size());
    }
}
