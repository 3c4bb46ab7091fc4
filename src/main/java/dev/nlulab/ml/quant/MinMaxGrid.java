package dev.nlulab.ml.quant;

/**
 * The asymmetric min-max grid of one group: {@code s = (max - min) / (2^N - 1)},
 * {@code z = round(-min / s)}, {@code q = clamp(round(w / s) + z, 0, 2^N - 1)}. A constant group
 * {@code c} has no range: its grid is {@code s = |c|, z = -sign(c)}, so code 0 is {@code c} exactly
 * ({@code 0 * 1 = 0} for {@code c = 0}).
 */
record MinMaxGrid(float scale, float zero, int maxCode) {

    static MinMaxGrid of(double min, double max, int bits) {
        int maxCode = (1 << bits) - 1;
        double range = max - min;
        if (range <= 1e-12) {
            // |c| * (0 - (-sign c)) is c with no rounding; a zero group keeps scale 1 for the QA-LoRA merge's division
            float c = (float) min;
            return c == 0 ? new MinMaxGrid(1f, 0f, maxCode) : new MinMaxGrid(Math.abs(c), -Math.signum(c), maxCode);
        }
        double scale = range / maxCode;
        return new MinMaxGrid((float) scale, (float) Math.rint(-min / scale), maxCode);
    }

    int code(double w) {
        double q = Math.rint(w / scale) + zero;
        return (int) Math.max(0, Math.min(maxCode, q));
    }

    float value(int code) {
        return scale * (code - zero);
    }
}
