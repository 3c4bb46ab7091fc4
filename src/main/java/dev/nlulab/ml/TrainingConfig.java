package dev.nlulab.ml;

/**
 * Optimizer and schedule settings. Learning rate: linear warm-up over {@code warmupSteps}, then either
 * constant or a cosine from {@code learningRate} down to {@code minLearningRate} at {@code totalSteps}.
 * One optimizer step sees {@code accumulationSteps} micro-batches of {@code batchSize} examples.
 */
public record TrainingConfig(double learningRate, double minLearningRate, int warmupSteps, int totalSteps,
                             Schedule schedule, double weightDecay, double beta1, double beta2, double epsilon,
                             double clipNorm, int batchSize, int accumulationSteps, int maxLength, long seed,
                             int checkpointEvery) {

    public enum Schedule { COSINE, CONSTANT }

    public TrainingConfig {
        if (learningRate <= 0) throw new IllegalArgumentException("learningRate must be > 0, got " + learningRate);
        if (totalSteps <= 0 || batchSize <= 0 || accumulationSteps <= 0 || maxLength <= 0) {
            throw new IllegalArgumentException("totalSteps, batchSize, accumulationSteps and maxLength must be > 0");
        }
        if (warmupSteps < 0 || clipNorm < 0 || weightDecay < 0) {
            throw new IllegalArgumentException("warmupSteps, clipNorm and weightDecay must be >= 0");
        }
    }

    /** AdamW (0.9, 0.95, 1e-8), weight decay 0.1, clip 1.0, cosine to lr/10, 5% warm-up, no accumulation. */
    public static TrainingConfig defaults(double learningRate, int totalSteps, int batchSize, int maxLength, long seed) {
        return new TrainingConfig(learningRate, learningRate / 10, Math.max(1, totalSteps / 20), totalSteps,
                Schedule.COSINE, 0.1, 0.9, 0.95, 1e-8, 1.0, batchSize, 1, maxLength, seed, 0);
    }

    public TrainingConfig withAccumulation(int batchSize, int accumulationSteps) {
        return new TrainingConfig(learningRate, minLearningRate, warmupSteps, totalSteps, schedule, weightDecay, beta1,
                beta2, epsilon, clipNorm, batchSize, accumulationSteps, maxLength, seed, checkpointEvery);
    }

    public TrainingConfig withSchedule(Schedule schedule, int warmupSteps) {
        return new TrainingConfig(learningRate, minLearningRate, warmupSteps, totalSteps, schedule, weightDecay, beta1,
                beta2, epsilon, clipNorm, batchSize, accumulationSteps, maxLength, seed, checkpointEvery);
    }

    public TrainingConfig withCheckpointEvery(int steps) {
        return new TrainingConfig(learningRate, minLearningRate, warmupSteps, totalSteps, schedule, weightDecay, beta1,
                beta2, epsilon, clipNorm, batchSize, accumulationSteps, maxLength, seed, steps);
    }

    /** The learning rate of optimizer step {@code step} (0-based). */
    public double learningRateAt(long step) {
        if (step < warmupSteps) return learningRate * (step + 1) / warmupSteps;
        if (schedule == Schedule.CONSTANT) return learningRate;
        double progress = Math.min(1.0, (double) (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps));
        return minLearningRate + 0.5 * (learningRate - minLearningRate) * (1 + Math.cos(Math.PI * progress));
    }
}
