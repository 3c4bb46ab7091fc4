package dev.nlulab.ml;

/** What one optimizer step did: the line a job writes to metrics.jsonl. */
public record StepMetrics(long step, double loss, double learningRate, double gradientNorm, long tokens,
                          double seconds, double tokensPerSecond, long rssBytes, long peakRssBytes) {
}
