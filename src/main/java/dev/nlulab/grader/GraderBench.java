package dev.nlulab.grader;

import dev.nlulab.labs.Exercise;
import dev.nlulab.labs.Key;
import dev.nlulab.labs.Lab;
import dev.nlulab.metrics.Metric;
import dev.nlulab.metrics.Metrics;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * How long grading a large predictions file takes ({@code nlulab bench grader}: read, check, score on the
 * public and private shares) and how long the leaderboards of a large class take to compute.
 *
 * @param rows test items of the predictions file
 * @param students students on the board
 * @param perStudent graded submissions per student
 * @param repeats timed runs after one warm-up; the median is reported
 */
public record GraderBench(int rows, int students, int perStudent, int repeats) {
    /** Runs both measurements and prints their figures. */
    public void run() {
        try {
            Path dir = Files.createTempDirectory("nlulab-bench-grader");
            try {
                System.out.printf(Locale.ROOT, "Java %s, %d cores, max heap %d MB%n", System.getProperty("java.version"),
                        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
                benchFiles(dir);
                benchLeaderboard();
            } finally {
                try (var files = Files.list(dir)) {
                    for (Path f : files.toList()) Files.delete(f);
                }
                Files.delete(dir);
            }
        } catch (IOException e) {
            throw new IllegalStateException("benchmark failed: " + e.getMessage(), e);
        }
    }

    private void benchFiles(Path dir) throws IOException {
        SplittableRandom random = new SplittableRandom(42);
        String[] labels = {"pos", "neg", "neutral", "mixed", "none"};
        List<String> ids = new ArrayList<>(rows);
        List<List<String>> gold = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            ids.add(String.format(Locale.ROOT, "item-%07d", i));
            gold.add(List.of(labels[random.nextInt(labels.length)]));
        }
        Key key = new Key(ids, gold);
        long t = System.nanoTime();
        boolean[] split = PublicSplit.of(key, "bench", "ex", 0.5);
        System.out.printf(Locale.ROOT, "public split of %,d ids (SHA-256, once per key): %.0f ms%n", rows, ms(t));

        Path csv = write(dir.resolve("labels.csv"), "id,prediction", i -> ids.get(i) + "," + labels[random.nextInt(labels.length)]);
        Path jsonl = write(dir.resolve("labels.jsonl"), null,
                i -> "{\"id\":\"" + ids.get(i) + "\",\"prediction\":\"" + labels[random.nextInt(labels.length)] + "\"}");
        Path ranked = write(dir.resolve("ranked.csv"), "id,prediction", i -> ids.get(i) + ",pos|neg|neutral");
        PredictionsParser parser = new PredictionsParser(1L << 30);
        time("CSV, labels, accuracy", csv, parser, key, split, Metrics.byName("accuracy"));
        time("JSONL, labels, macro-F1", jsonl, parser, key, split, Metrics.byName("macro_f1"));
        time("CSV, ranked lists of 3, MRR@10", ranked, parser, key, split, Metrics.byName("mrr@10"));
    }

    private void time(String what, Path file, PredictionsParser parser, Key key, boolean[] split, Metric metric) throws IOException {
        double[] parse = new double[repeats], score = new double[repeats], cpu = new double[repeats];
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        Scorer scorer = new Scorer(key, metric, split);
        for (int r = -1; r < repeats; r++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            PredictionsParser.Result result = parser.parse(file, key, metric.kind());
            long t1 = System.nanoTime();
            if (!result.valid()) throw new IllegalStateException("bench file invalid: " + result.message());
            scorer.score(result.predictions());
            long t2 = System.nanoTime();
            if (r >= 0) {
                parse[r] = (t1 - t0) / 1e6;
                score[r] = (t2 - t1) / 1e6;
                cpu[r] = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
            }
        }
        System.out.printf(Locale.ROOT, "%-32s %,d rows, %5.1f MB: read+check %5.0f ms, score %4.0f ms, total %5.0f ms (CPU %5.0f ms; median of %d)%n",
                what, key.size(), Files.size(file) / 1048576.0, median(parse), median(score), median(sum(parse, score)), median(cpu), repeats);
    }

    private void benchLeaderboard() {
        SplittableRandom random = new SplittableRandom(7);
        List<Submission> subs = new ArrayList<>(students * perStudent);
        Instant t0 = Instant.parse("2026-11-01T00:00:00Z");
        long id = 1;
        for (int s = 0; s < students; s++) {
            for (int k = 0; k < perStudent; k++) {
                double pub = random.nextDouble(), priv = Math.min(1, Math.max(0, pub + random.nextDouble(-0.1, 0.1)));
                subs.add(new Submission(id++, s, "bench", "ex", "predictions", null, null, SubmissionStatus.GRADED, pub, priv,
                        (pub + priv) / 2, t0.plusSeconds(random.nextLong(30L * 86400)), t0, random.nextInt(20) == 0, false, null, java.util.Map.of()));
            }
        }
        double[] times = new double[repeats];
        for (int r = -1; r < repeats; r++) {
            long t = System.nanoTime();
            List<Leaderboard.Standing> pub = Leaderboard.publicStandings(subs, new Lab.LatePolicy(Lab.LatePolicy.Kind.PENALTY, 0.2));
            List<Leaderboard.Standing> fin = Leaderboard.finalStandings(subs, Exercise.FinalSelection.BEST_PUBLIC, Lab.LatePolicy.UNRANKED);
            Distribution.of(fin.stream().mapToDouble(Leaderboard.Standing::score).toArray());
            if (pub.size() != students) throw new IllegalStateException("board lost students");
            if (r >= 0) times[r] = ms(t);
        }
        System.out.printf(Locale.ROOT, "leaderboards (public + final + distribution), %,d students x %d submissions: %.0f ms (median of %d)%n",
                students, perStudent, median(times), repeats);
    }

    private Path write(Path file, String header, IntFunction<String> row) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            if (header != null) w.write(header + "\n");
            for (int i = 0; i < rows; i++) {
                w.write(row.apply(i));
                w.write('\n');
            }
        }
        return file;
    }

    private static double ms(long since) {
        return (System.nanoTime() - since) / 1e6;
    }

    private static double[] sum(double[] a, double[] b) {
        double[] s = new double[a.length];
        for (int i = 0; i < a.length; i++) s[i] = a[i] + b[i];
        return s;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
