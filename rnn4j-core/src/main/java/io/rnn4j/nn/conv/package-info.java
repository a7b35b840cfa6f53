/**
 * Convolutional layers, as PyTorch defines them: {@link io.rnn4j.nn.conv.Conv1d} (along time) and
 * {@link io.rnn4j.nn.conv.Conv2d} (over the image at each step) with stride, padding ('same'
 * included) and dilation; max and average pooling along time ({@link io.rnn4j.nn.conv.Pool1d})
 * and over images ({@link io.rnn4j.nn.conv.Pool2d}); global pooling
 * ({@link io.rnn4j.nn.conv.GlobalPool1d}, {@link io.rnn4j.nn.conv.GlobalPool2d});
 * {@link io.rnn4j.nn.conv.Flatten}; and {@link io.rnn4j.nn.conv.BatchNorm} with running statistics.
 *
 * <p>An image travels through a model as one step of a {@link io.rnn4j.tensor.Seq} whose
 * features are its (C, H, W) values, channel-major ({@link io.rnn4j.nn.conv.ImageShape}); a
 * sequence of frames is a sequence of such steps. Convolutions are lowered to GEMM and split
 * over rnn4j's threads.
 */
package io.rnn4j.nn.conv;
