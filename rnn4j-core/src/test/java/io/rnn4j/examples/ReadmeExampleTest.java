package io.rnn4j.examples;

import io.rnn4j.data.CharVocabulary;
import io.rnn4j.data.LanguageModelBatches;
import io.rnn4j.io.ModelFile;
import io.rnn4j.loss.SoftmaxCrossEntropy;
import io.rnn4j.nn.Dense;
import io.rnn4j.nn.Embedding;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.nn.recurrent.RecurrentLayer;
import io.rnn4j.optim.Adam;
import io.rnn4j.train.Batch;
import io.rnn4j.train.BatchSource;
import io.rnn4j.train.Trainer;
import io.rnn4j.train.UpdateRule;
import io.rnn4j.train.Bptt;
import io.rnn4j.train.TrainingConfig;
import io.rnn4j.train.TrainingResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's Java example, as written there but with smaller sizes, compiles and runs. */
class ReadmeExampleTest {

    @Test
    void theReadmeExampleRuns(@TempDir Path dir) throws Exception {
        String text = "to be or not to be, that is the question. ".repeat(40);
        CharVocabulary chars = CharVocabulary.of(text);
        int[] tokenIds = chars.encode(text);

        int vocab = chars.size();
        SequenceModel model = new SequenceModel(vocab)
                .add("embed", new Embedding(vocab, 16))
                .add("rnn", new RecurrentLayer(RecurrentConfig.lstm(16, 32).layers(2).dropout(0.2f),
                        RecurrentLayer.Output.SEQUENCE))
                .add("head", new Dense(32, vocab))
                .initialize(Init.PYTORCH, 42);
        List<Batch> batches = LanguageModelBatches.of(tokenIds, 25, 4);
        UpdateRule rule = UpdateRule.of(Adam.adam(model.parameters())).learningRate(2e-3).clipNorm(5).build();
        TrainingConfig cfg = TrainingConfig.builder().epochs(10).carryState(true).build();
        TrainingResult r = new Trainer(Bptt.truncated(model, new SoftmaxCrossEntropy(), rule, 25, 25), cfg)
                .fit(BatchSource.fixed(batches), null);
        ModelFile.save(dir.resolve("shakespeare.rnn4j"), model, null, null);

        assertTrue(r.lastTrainLoss() < Math.log(vocab) / 2, "it learned something: " + r.lastTrainLoss());
        assertTrue(Files.size(dir.resolve("shakespeare.rnn4j")) > 4L * model.parameters().size());
    }

    @Test
    void theReadmeReservoirExampleRuns(@TempDir Path dir) throws Exception {
        io.rnn4j.nn.recurrent.RecurrentLayer cw = new io.rnn4j.nn.recurrent.RecurrentLayer(
                io.rnn4j.nn.recurrent.RecurrentConfig.clockwork(1, 32, 8), io.rnn4j.nn.recurrent.RecurrentLayer.Output.SEQUENCE);
        io.rnn4j.nn.recurrent.JordanLayer jordan = new io.rnn4j.nn.recurrent.JordanLayer(3, 16, 1, io.rnn4j.nn.recurrent.JordanLayer.OutputActivation.IDENTITY, true);
        double[] series = io.rnn4j.tasks.MackeyGlass.series(700, 17, 1000);
        double[][] inputs = new double[600][];
        double[][] targets = new double[600][];
        for (int n = 0; n < 600; n++) {
            inputs[n] = new double[] {series[n]};
            targets[n] = new double[] {series[n + 1]};
        }
        io.rnn4j.reservoir.EchoStateNetwork esn = new io.rnn4j.reservoir.EchoStateNetwork(
                new io.rnn4j.reservoir.ReservoirConfig(100, 1, 1, 1.25, 0.5, 0.5, 0.1, 0.7, 0.0, 42));
        esn.fit(inputs, targets, 100, 1e-14, 1e-6, 7);
        double[][] forecast = esn.generate(84);
        io.rnn4j.io.ReservoirFile.save(dir.resolve("mackey-glass.rnn4j"), esn, null);
        org.junit.jupiter.api.Assertions.assertEquals(84, forecast.length);
        org.junit.jupiter.api.Assertions.assertTrue(Math.abs(forecast[0][0] - series[601]) < 0.05, "one step ahead is close");
        org.junit.jupiter.api.Assertions.assertEquals(32, cw.stack().config().hiddenSize());
        org.junit.jupiter.api.Assertions.assertEquals(1, jordan.out());
    }

    @Test
    void theReadmeRtrlAndEkfExampleRuns() {
        SequenceModel model = new SequenceModel(3)
                .add("rnn", new RecurrentLayer(RecurrentConfig.lstm(3, 4), RecurrentLayer.Output.SEQUENCE))
                .add("head", new Dense(4, 2))
                .initialize(Init.PYTORCH, 1);
        double[] x = {1, 0, 0};
        double[] dLossDz = {0.5, -0.25};
        double[] target = {1, 0};

        io.rnn4j.train.rtrl.RtrlNetwork net = io.rnn4j.train.rtrl.RtrlNetwork.create(
                io.rnn4j.train.rtrl.RtrlNetwork.specOf(model), 1);
        net.setParameters(model.parameters().values());
        double[] grad = new double[net.theta().length];
        double[] z = net.step(x);
        net.accumulateGradient(dLossDz, grad);

        io.rnn4j.train.ekf.ExtendedKalmanFilter dekf = io.rnn4j.train.ekf.ExtendedKalmanFilter.decoupled(
                grad.length, net.unitGroups(), io.rnn4j.train.ekf.EkfConfig.defaults());
        double[][] jacobian = new double[2][grad.length];
        net.outputJacobian(0, jacobian);
        double[] innovation = {target[0] - z[0], target[1] - z[1]};
        double before = net.theta()[0];
        dekf.update(net.theta(), jacobian, innovation);
        assertTrue(net.theta()[0] != before, "the filter moved the weights");
        assertTrue(java.util.Arrays.stream(grad).anyMatch(g -> g != 0));
    }
}
