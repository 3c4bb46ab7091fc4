package dev.nlulab.ml;

/** Told after every optimizer step (logging, metrics files, progress bars, early stopping by exception). */
@FunctionalInterface
public interface TrainingListener {
    void onStep(StepMetrics metrics);
}
