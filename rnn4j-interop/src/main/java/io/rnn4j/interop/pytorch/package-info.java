/**
 * PyTorch {@code state_dict}s saved as safetensors, in and out: {@link io.rnn4j.interop.pytorch.StateDictImport}
 * builds an rnn4j model from one and an architecture description ({@link io.rnn4j.interop.pytorch.ArchitectureSpec}),
 * {@link io.rnn4j.interop.pytorch.StateDictExport} writes one back, in F32, F64, F16 or BF16
 * ({@link io.rnn4j.io.HalfFloats}).
 */
package io.rnn4j.interop.pytorch;
