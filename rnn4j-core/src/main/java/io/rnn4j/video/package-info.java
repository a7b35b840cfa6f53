/**
 * Video prediction: sequences of frames ({@link io.rnn4j.video.Video}, stored as NumPy {@code .npy}
 * files), the Moving MNIST generator, and predictors of the next frames from the past ones (the
 * convolutional LSTM encoder–forecaster, a fully connected LSTM one, and copying the last frame),
 * with their per-frame errors.
 */
package io.rnn4j.video;
