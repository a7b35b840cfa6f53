package io.rnn4j.seq2seq;

import io.rnn4j.nn.attention.Attention;
import io.rnn4j.nn.recurrent.RecurrentConfig;

/**
 * The shape of an encoder–decoder ({@link Seq2Seq}).
 *
 * @param sourceVocab    source token ids 0..sourceVocab−1
 * @param targetVocab    target token ids, including {@link Seq2Seq#END} (0) and {@link Seq2Seq#START} (1)
 * @param cell           LSTM, GRU or RNN, for encoder and decoder
 * @param embedding      E, both embeddings' width
 * @param encoderHidden  H_enc per direction
 * @param encoderLayers  encoder stack depth
 * @param bidirectional  whether the encoder reads both ways (its outputs are then 2·H_enc wide)
 * @param decoderHidden  H_dec
 * @param decoderLayers  decoder stack depth
 * @param score          the attention; ADDITIVE is Bahdanau's placement, the others Luong's
 * @param attentionSize  A, for ADDITIVE and CONCAT (0 for the others, whatever is given)
 * @param inputFeeding   Luong's input feeding (not with ADDITIVE)
 * @param dropout        dropout on both embeddings' outputs, and between encoder layers, in training
 */
public record Seq2SeqConfig(int sourceVocab, int targetVocab, RecurrentConfig.CellType cell, int embedding,
                            int encoderHidden, int encoderLayers, boolean bidirectional, int decoderHidden,
                            int decoderLayers, Attention.Score score, int attentionSize, boolean inputFeeding,
                            float dropout) {

    public Seq2SeqConfig {
        if (sourceVocab < 1) {
            throw new IllegalArgumentException("the source vocabulary needs at least 1 token, got " + sourceVocab);
        }
        if (targetVocab < 3) {
            throw new IllegalArgumentException("the target vocabulary needs the end and start tokens and at least one more, got "
                    + targetVocab);
        }
        if (cell == RecurrentConfig.CellType.CLOCKWORK) {
            throw new IllegalArgumentException("an encoder–decoder takes lstm, gru or rnn cells, not clockwork");
        }
        for (int v : new int[] {embedding, encoderHidden, encoderLayers, decoderHidden, decoderLayers}) {
            if (v < 1) {
                throw new IllegalArgumentException("embedding, hidden sizes and layer counts must be >= 1, got " + v);
            }
        }
        if (!(dropout >= 0f && dropout < 1f)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        if (score == Attention.Score.DOT || score == Attention.Score.GENERAL) {
            attentionSize = 0; // only the additive and concat scores have a hidden layer
        }
    }

    /**
     * Defaults for a small translation model: LSTM, E = 256, a bidirectional 1-layer encoder of
     * 256 per direction, a 1-layer decoder of 512, Luong general attention with input feeding, no
     * dropout.
     */
    public static Seq2SeqConfig of(int sourceVocab, int targetVocab) {
        return new Seq2SeqConfig(sourceVocab, targetVocab, RecurrentConfig.CellType.LSTM, 256, 256, 1, true, 512, 1,
                Attention.Score.GENERAL, 256, true, 0f);
    }

    /** Features per step of the encoder's outputs: 2·H_enc when bidirectional, else H_enc. */
    public int memorySize() {
        return bidirectional ? 2 * encoderHidden : encoderHidden;
    }

    public Seq2SeqConfig withCell(RecurrentConfig.CellType c) {
        return new Seq2SeqConfig(sourceVocab, targetVocab, c, embedding, encoderHidden, encoderLayers, bidirectional,
                decoderHidden, decoderLayers, score, attentionSize, inputFeeding, dropout);
    }

    public Seq2SeqConfig withSizes(int embed, int encHidden, int decHidden) {
        return new Seq2SeqConfig(sourceVocab, targetVocab, cell, embed, encHidden, encoderLayers, bidirectional,
                decHidden, decoderLayers, score, attentionSize, inputFeeding, dropout);
    }

    public Seq2SeqConfig withLayers(int encLayers, int decLayers) {
        return new Seq2SeqConfig(sourceVocab, targetVocab, cell, embedding, encoderHidden, encLayers, bidirectional,
                decoderHidden, decLayers, score, attentionSize, inputFeeding, dropout);
    }

    public Seq2SeqConfig withBidirectional(boolean b) {
        return new Seq2SeqConfig(sourceVocab, targetVocab, cell, embedding, encoderHidden, encoderLayers, b,
                decoderHidden, decoderLayers, score, attentionSize, inputFeeding, dropout);
    }

    /** The attention score; input feeding is switched off for ADDITIVE, which feeds its context. */
    public Seq2SeqConfig withAttention(Attention.Score s, int size, boolean feeding) {
        return new Seq2SeqConfig(sourceVocab, targetVocab, cell, embedding, encoderHidden, encoderLayers, bidirectional,
                decoderHidden, decoderLayers, s, size, feeding && s != Attention.Score.ADDITIVE, dropout);
    }

    public Seq2SeqConfig withDropout(float p) {
        return new Seq2SeqConfig(sourceVocab, targetVocab, cell, embedding, encoderHidden, encoderLayers, bidirectional,
                decoderHidden, decoderLayers, score, attentionSize, inputFeeding, p);
    }
}
