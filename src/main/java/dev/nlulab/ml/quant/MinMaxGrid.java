package dev.nlulab.ml.quant;

/**
 * The asymmetric min-max grid of one group: {@code s = (max - min) / (2^N - 1)},
 * {@code z = round(-min / s)}, {@code q = clamp(round(w / s) + z, 0, 2^N - 1)}.
 */
record MinMaxGrid(float scale, float zero, int maxCode) {

    static MinMaxGrid of(double min, double max, int bits) {
        int maxCode = (1 << bits) - 1;
        double range = max - min;
        // A constant group has no range: any scale reproduces it, 1 keeps the merge's division sane.
        double scale = range > 1e-12 ? range / maxCode : 1.0;
        double zero = Math.rint(-min / scale);
        if (range <= 1e-12) {
            zero = -Math.rint(min);
        }
        return new MinMaxGrid((float) scale, (float) zero, maxCode);
    }

    int code(double w) {
        double q = Math.rint(w / scale) + zero;
        return (int) Math.max(0, Math.min(maxCode, q));
    }

    float value(int code) {
        return scale * (code - zero);
    }
}
