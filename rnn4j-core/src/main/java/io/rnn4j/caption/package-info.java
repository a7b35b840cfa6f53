/**
 * Image captioning: a CNN reads the picture and an LSTM writes the sentence (Vinyals et al. 2015,
 * "Show and Tell"), optionally attending over the CNN's feature map at every word (Xu et al.
 * 2015, "Show, Attend and Tell"); with a generator of captioned MNIST canvases to train and test
 * it on.
 */
package io.rnn4j.caption;
