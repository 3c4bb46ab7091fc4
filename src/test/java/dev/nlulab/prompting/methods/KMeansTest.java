package dev.nlulab.prompting.methods;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** k-means over embeddings: what must hold of any clustering it returns, on small fixed inputs. */
class KMeansTest {
    /** Three tight blobs of 10 points in 4 dimensions around far-apart centres, shuffled. */
    static List<float[]> blobs(long seed) {
        Random r = new Random(seed);
        float[][] centres = {{0, 0, 0, 0}, {10, 0, 0, 0}, {0, 10, 0, 10}};
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            float[] c = centres[i % 3], p = new float[4];
            for (int d = 0; d < 4; d++) p[d] = c[d] + (float) r.nextGaussian() * 0.3f;
            out.add(p);
        }
        return out;
    }

    private static double dist(float[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
        return Math.sqrt(s);
    }

    private static double[] mean(List<float[]> points, List<KMeans.Member> members) {
        double[] m = new double[points.get(0).length];
        for (KMeans.Member x : members) for (int d = 0; d < m.length; d++) m[d] += points.get(x.index())[d] / members.size();
        return m;
    }

    @Test
    void theSameSeedGivesTheSameClusters() {
        List<float[]> points = new ArrayList<>(blobs(1));
        points.addAll(blobs(2)); // overlapping blobs: several local optima, so the seed matters
        for (int k : new int[] {2, 5}) {
            assertThat(KMeans.cluster(points, k, 399)).isEqualTo(KMeans.cluster(points, k, 399));
        }
    }

    @Test
    void everyPointIsInTheClusterOfItsNearestCentroidAndListedByDistance() {
        List<float[]> points = new ArrayList<>(blobs(3));
        Random r = new Random(4);
        for (int i = 0; i < 20; i++) points.add(new float[] {r.nextFloat() * 10, r.nextFloat() * 10, r.nextFloat(), r.nextFloat() * 10});
        KMeans.Result result = KMeans.cluster(points, 4, 7);
        assertThat(result.clusters()).hasSize(4);
        List<double[]> centroids = result.clusters().stream().map(c -> mean(points, c)).toList();
        Set<Integer> seen = new HashSet<>();
        for (int c = 0; c < result.clusters().size(); c++) {
            List<KMeans.Member> members = result.clusters().get(c);
            assertThat(members).isNotEmpty();
            for (int i = 0; i < members.size(); i++) {
                KMeans.Member m = members.get(i);
                assertThat(seen.add(m.index())).as("point %d in one cluster only", m.index()).isTrue();
                assertThat(m.distance()).isCloseTo(dist(points.get(m.index()), centroids.get(c)), org.assertj.core.data.Offset.offset(1e-4));
                for (double[] other : centroids) assertThat(m.distance()).isLessThanOrEqualTo(dist(points.get(m.index()), other) + 1e-6);
                if (i > 0) assertThat(m.distance()).isGreaterThanOrEqualTo(members.get(i - 1).distance());
            }
        }
        assertThat(seen).hasSize(points.size());
    }

    @Test
    void wellSeparatedBlobsAreFoundExactly() {
        List<float[]> points = blobs(5);
        KMeans.Result result = KMeans.cluster(points, 3, 192);
        for (List<KMeans.Member> cluster : result.clusters()) {
            assertThat(cluster).hasSize(10);
            assertThat(cluster.stream().map(m -> m.index() % 3).distinct()).hasSize(1); // blob i holds points i, i+3, ...
        }
    }

    @Test
    void kIsCappedByTheDistinctPoints() {
        List<float[]> points = List.of(new float[] {1, 1}, new float[] {1, 1}, new float[] {5, 5});
        KMeans.Result result = KMeans.cluster(points, 8, 1);
        assertThat(result.clusters()).hasSize(2);
        assertThat(result.clusters().stream().mapToInt(List::size).sum()).isEqualTo(3);
        // two identical points tie at distance 0: listed in input order
        List<KMeans.Member> pair = result.clusters().stream().filter(c -> c.size() == 2).findFirst().orElseThrow();
        assertThat(pair).extracting(KMeans.Member::index).containsExactly(0, 1);
    }
}
