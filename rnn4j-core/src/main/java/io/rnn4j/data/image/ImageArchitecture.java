package io.rnn4j.data.image;

import io.rnn4j.nn.Activation;
import io.rnn4j.nn.Dense;
import io.rnn4j.nn.Dropout;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.conv.BatchNorm;
import io.rnn4j.nn.conv.Conv2d;
import io.rnn4j.nn.conv.ConvAxis;
import io.rnn4j.nn.conv.Flatten;
import io.rnn4j.nn.conv.ImageShape;
import io.rnn4j.nn.conv.Pool2d;
import io.rnn4j.nn.conv.PoolKind;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.nn.recurrent.RecurrentLayer;

import java.util.Locale;

/**
 * The image classifiers {@code rnn4j image train --arch} builds, each ending in class logits
 * (output "logits" is the last layer):
 * <ul>
 *   <li>{@link #CNN}: two blocks of 5×5 convolution ('same'), batch norm, ReLU and 2×2 max
 *       pooling (32 then 64 filters), then dense 128, ReLU, dropout 0.3 and the classes; the
 *       classic small MNIST network (LeCun et al. 1998 in spirit, with batch norm);</li>
 *   <li>{@link #ROW_LSTM}: an LSTM reading the image row by row (28 steps of 28 pixels for
 *       MNIST), classes from its last output;</li>
 *   <li>{@link #PIXEL_LSTM}: an LSTM reading one pixel per step (784 steps for MNIST), the
 *       long-sequence benchmark of Le et al. (2015). Its forget gates start at bias 1, the usual
 *       start for long sequences (Gers et al. 2000; Jozefowicz et al. 2015).</li>
 * </ul>
 */
public enum ImageArchitecture {
    CNN(ImageView.IMAGE), ROW_LSTM(ImageView.ROWS), PIXEL_LSTM(ImageView.PIXELS);

    private final ImageView view;

    ImageArchitecture(ImageView view) {
        this.view = view;
    }

    /** How this architecture reads an image. */
    public ImageView view() {
        return view;
    }

    /** The command-line name: cnn, row-lstm, pixel-lstm. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The architecture of a command-line name, or an exception listing the names. */
    public static ImageArchitecture ofCliName(String name) {
        for (ImageArchitecture a : values()) {
            if (a.cliName().equals(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException("--arch must be cnn, row-lstm or pixel-lstm, got '" + name + "'");
    }

    /**
     * A fresh model for images of {@code shape} and {@code classes} classes; {@code hidden} is the
     * LSTM width (the CNN's dense width is 128).
     */
    public SequenceModel build(ImageShape shape, int classes, int hidden) {
        switch (this) {
            case CNN: {
                Conv2d c1 = new Conv2d(shape, 32, ConvAxis.of(5).samePadding());
                Pool2d p1 = Pool2d.of(PoolKind.MAX, c1.outputShape(), 2);
                Conv2d c2 = new Conv2d(p1.outputShape(), 64, ConvAxis.of(5).samePadding());
                Pool2d p2 = Pool2d.of(PoolKind.MAX, c2.outputShape(), 2);
                return new SequenceModel(shape.size())
                        .add("conv1", c1)
                        .add("bn1", BatchNorm.images(c1.outputShape()))
                        .add("relu1", new Activation(Activation.Kind.RELU))
                        .add("pool1", p1)
                        .add("conv2", c2)
                        .add("bn2", BatchNorm.images(c2.outputShape()))
                        .add("relu2", new Activation(Activation.Kind.RELU))
                        .add("pool2", p2)
                        .add("flatten", new Flatten())
                        .add("dense", new Dense(p2.outputShape().size(), 128))
                        .add("relu3", new Activation(Activation.Kind.RELU))
                        .add("dropout", new Dropout(0.3f))
                        .add("logits", new Dense(128, classes));
            }
            default: {
                int features = view.features(shape);
                RecurrentConfig cells = RecurrentConfig.lstm(features, hidden);
                if (this == PIXEL_LSTM) {
                    cells = cells.forgetBias(1f);
                }
                return new SequenceModel(features)
                        .add("lstm", new RecurrentLayer(cells, RecurrentLayer.Output.LAST))
                        .add("logits", new Dense(hidden, classes));
            }
        }
    }
}
