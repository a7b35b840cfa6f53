/**
 * ONNX export ({@link io.rnn4j.interop.onnx.OnnxExport}) and import
 * ({@link io.rnn4j.interop.onnx.OnnxImport}). The ONNX messages are generated at build time from
 * {@code src/main/proto/onnx_subset.proto} (protobuf-java); gate orders are mapped by
 * {@link io.rnn4j.interop.onnx.GateOrder}.
 */
package io.rnn4j.interop.onnx;
