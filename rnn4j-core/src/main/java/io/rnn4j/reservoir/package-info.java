/**
 * Echo state networks (Jaeger 2001): the fixed random reservoir scaled to a spectral radius,
 * ridge-regression and recursive-least-squares readouts. Self-contained: uses nothing else in
 * rnn4j, only EJML for the eigenvalues and the solves.
 */
package io.rnn4j.reservoir;
