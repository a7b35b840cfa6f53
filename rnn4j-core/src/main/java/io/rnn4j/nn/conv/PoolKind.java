package io.rnn4j.nn.conv;

/**
 * What a pooling window keeps: its largest value (PyTorch's {@code MaxPool}: padding never wins),
 * or its mean (PyTorch's {@code AvgPool} with {@code count_include_pad=True}: padding counts as
 * zeros and the divisor is always the window's size).
 */
public enum PoolKind { MAX, AVG }
