package io.rnn4j.forecast;

/**
 * Scaled forecasts of K windows, each (K, H, C) row-major: the point forecast, and the interval's
 * lower and upper ends when the model's head gives them (null for a point head).
 */
public record Prediction(float[] point, float[] lower, float[] upper) {

    public boolean hasIntervals() {
        return lower != null;
    }
}
