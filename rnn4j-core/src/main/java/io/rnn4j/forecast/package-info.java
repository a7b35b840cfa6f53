/**
 * Time-series forecasting: series read from CSV with their timestamps ({@link io.rnn4j.forecast.TimeSeriesCsv}),
 * splits in time order ({@link io.rnn4j.forecast.TimeSplit}), scaling fitted on the training part
 * ({@link io.rnn4j.forecast.Standardizer}), calendar features, look-back/horizon windows, the
 * baselines (naive, seasonal naive, a linear map on the window) and the metrics the papers report.
 */
package io.rnn4j.forecast;
