/**
 * Labelled images in: MNIST's IDX files ({@link io.rnn4j.data.image.IdxReader}) and folders of
 * PNG/JPEG images with one sub-folder per class ({@link io.rnn4j.data.image.ImageFolderReader});
 * per-channel normalisation, random-shift augmentation, and batches viewed as one image per step,
 * as rows, or as pixels ({@link io.rnn4j.data.image.ImageView}).
 */
package io.rnn4j.data.image;
