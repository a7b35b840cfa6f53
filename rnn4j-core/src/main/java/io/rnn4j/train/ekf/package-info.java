/**
 * Extended Kalman filter training (Puskorius &amp; Feldkamp 1994), global and decoupled, with the
 * Jacobians it needs from truncated BPTT. May use {@code kernel}, {@code tensor}, {@code loss}
 * and {@code nn}; not {@code train}, which drives it.
 */
package io.rnn4j.train.ekf;
