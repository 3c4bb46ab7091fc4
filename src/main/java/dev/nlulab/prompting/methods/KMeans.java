package dev.nlulab.prompting.methods;

import org.apache.commons.math3.ml.clustering.CentroidCluster;
import org.apache.commons.math3.ml.clustering.Clusterable;
import org.apache.commons.math3.ml.clustering.KMeansPlusPlusClusterer;
import org.apache.commons.math3.ml.clustering.MultiKMeansPlusPlusClusterer;
import org.apache.commons.math3.ml.distance.EuclideanDistance;
import org.apache.commons.math3.random.JDKRandomGenerator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * k-means over embeddings as Auto-CoT and Meta-CoT run it (scikit-learn's KMeans: k-means++ seeding, the best
 * of 10 runs by within-cluster variance, at most 300 iterations, Euclidean distance), here Apache Commons
 * Math's clusterer with a seeded generator, so a seed gives the same clusters every run.
 */
public final class KMeans {
    static final int TRIALS = 10, MAX_ITERATIONS = 300;

    /** Clusters in the clusterer's order; each lists its members by ascending distance to its centroid (ties in input order). */
    public record Result(List<List<Member>> clusters) {}

    /** One point of a cluster: its index in the input and its Euclidean distance to the cluster's centroid. */
    public record Member(int index, double distance) {}

    private record Point(int index, double[] point) implements Clusterable {
        @Override
        public double[] getPoint() {
            return point;
        }
    }

    private KMeans() {
    }

    /** {@code k} clusters of the vectors (fewer when there are fewer distinct vectors). */
    public static Result cluster(List<float[]> vectors, int k, long seed) {
        if (k < 1) throw new IllegalArgumentException("k must be >= 1, was " + k);
        List<Point> points = new ArrayList<>(vectors.size());
        for (int i = 0; i < vectors.size(); i++) points.add(new Point(i, toDouble(vectors.get(i))));
        int distinct = (int) points.stream().map(p -> Arrays.toString(p.point())).distinct().count();
        int clusters = Math.min(k, distinct);
        if (clusters == 0) return new Result(List.of());
        JDKRandomGenerator random = new JDKRandomGenerator();
        random.setSeed(seed);
        EuclideanDistance distance = new EuclideanDistance();
        MultiKMeansPlusPlusClusterer<Point> clusterer = new MultiKMeansPlusPlusClusterer<>(
                new KMeansPlusPlusClusterer<>(clusters, MAX_ITERATIONS, distance, random), TRIALS);
        List<List<Member>> out = new ArrayList<>();
        for (CentroidCluster<Point> c : clusterer.cluster(points)) {
            double[] centre = c.getCenter().getPoint();
            List<Member> members = new ArrayList<>();
            for (Point p : c.getPoints()) members.add(new Member(p.index(), distance.compute(p.point(), centre)));
            members.sort((a, b) -> a.distance() != b.distance() ? Double.compare(a.distance(), b.distance()) : Integer.compare(a.index(), b.index()));
            out.add(List.copyOf(members));
        }
        return new Result(List.copyOf(out));
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) d[i] = v[i];
        return d;
    }
}
