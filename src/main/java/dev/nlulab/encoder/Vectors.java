package dev.nlulab.encoder;

/** The little vector arithmetic that embeddings need. */
public final class Vectors {
    private Vectors() {
    }

    public static double dot(float[] a, float[] b) {
        if (a.length != b.length) throw new IllegalArgumentException("vectors of " + a.length + " and " + b.length + " dimensions");
        double sum = 0;
        for (int i = 0; i < a.length; i++) sum += (double) a[i] * b[i];
        return sum;
    }

    public static double norm(float[] v) {
        return Math.sqrt(dot(v, v));
    }

    /** Cosine similarity; for the encoder's unit vectors it equals their dot product. */
    public static double cosine(float[] a, float[] b) {
        double denominator = norm(a) * norm(b);
        return denominator == 0 ? 0 : dot(a, b) / denominator;
    }

    /** Scales v to unit length in place (as torch's {@code F.normalize}: a zero vector stays zero). */
    static float[] normalize(float[] v) {
        double n = Math.max(norm(v), 1e-12);
        for (int i = 0; i < v.length; i++) v[i] = (float) (v[i] / n);
        return v;
    }
}
