/**
 * Speech recognition with CTC (Graves et al. 2006): WAV reading ({@link io.rnn4j.speech.WavReader}),
 * resampling and log-mel or MFCC features checked against torchaudio ({@link io.rnn4j.speech.AudioFeatures}),
 * SpecAugment, the CTC loss and its decoders, corpora (FSDD's spoken digits, or a folder with a
 * transcript table), and the recogniser: an optional conv front end, a (bi-)LSTM/GRU stack and a
 * softmax over characters and the blank ({@link io.rnn4j.speech.SpeechRecognizer}).
 */
package io.rnn4j.speech;
