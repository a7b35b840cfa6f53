/**
 * The classic benchmark tasks that reproduce published results (adding problem, temporal order,
 * embedded Reber grammar, counting languages, long time lags, waveform generation, Mackey-Glass),
 * the runner that trains a model on one of them, and the gradient-flow experiment. The top of the
 * core: may use any other package.
 */
package io.rnn4j.tasks;
