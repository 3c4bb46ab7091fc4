package dev.nlulab.metrics;

/** What one prediction must be for a metric: a class label, a number, free text, or a ranked list. */
public enum PredictionKind { LABEL, NUMBER, TEXT, RANKING }
