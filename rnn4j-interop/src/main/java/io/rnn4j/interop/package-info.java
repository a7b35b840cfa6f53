/**
 * Interoperability with the rest of the ecosystem: ONNX export and import
 * ({@link io.rnn4j.interop.onnx}) and PyTorch state dicts in safetensors
 * ({@link io.rnn4j.interop.pytorch}). Kept out of rnn4j-core so that the core does not carry
 * protobuf.
 */
package io.rnn4j.interop;
