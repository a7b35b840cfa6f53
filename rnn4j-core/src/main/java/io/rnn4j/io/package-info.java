/**
 * Files: safetensors containers with a checksummed JSON manifest, model files and training
 * checkpoints (versioned, read as hostile input), language-model and reservoir files, and the
 * architecture description of a model. May use every package above except {@code tasks}.
 */
package io.rnn4j.io;
