/**
 * The hot loops, and the only place for them: GEMM (OpenBLAS through JNI, a pure-Java blocked
 * twin and a naive reference), vectorisable activations, and the one thread pool that owns the
 * cores ({@link io.rnn4j.kernel.Parallel}). Every kernel has a float and a double overload so the
 * double-precision twin of the layers can call it. Uses nothing else in rnn4j.
 */
package io.rnn4j.kernel;
