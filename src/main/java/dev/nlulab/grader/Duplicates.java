package dev.nlulab.grader;

import dev.nlulab.identity.Viewer;
import dev.nlulab.labs.Exercise;
import dev.nlulab.labs.Lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Suspiciously similar predictions from different students, as Kaggle flags them: the final submissions of a
 * lab's predictions exercises compared pairwise, item by item (a ranking agrees only when it is the same list
 * in the same order; items are compared by a 64-bit fingerprint of their prediction). A pair is flagged when
 * the files are byte for byte the same or the predictions agree on at least {@value #NEAR} of the items.
 * For instructors only: a flag is a reason to look, not a verdict.
 */
public final class Duplicates {
    public static final double NEAR = 0.95;

    /** Two students' final submissions to an exercise and how much they agree. */
    public record Pair(Exercise exercise, long userA, long submissionA, long userB, long submissionB, double agreement, boolean identicalFile) {}

    /** A submission as compared: a fingerprint per item's prediction, and the whole file's SHA-256. */
    private record Print(long[] items, byte[] file) {}

    private record Graded(long submissionId, Instant gradedAt) {}

    private final SubmissionService submissions;
    private final Map<Graded, Print> prints = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Graded, Print> eldest) { return size() > 2048; }
    };

    public Duplicates(SubmissionService submissions) {
        this.submissions = submissions;
    }

    /** The flagged pairs of a lab, most alike first. */
    public List<Pair> of(Viewer viewer, String labId) {
        SubmissionService.requireInstructor(viewer);
        Lab lab = submissions.lab(labId);
        List<Pair> out = new ArrayList<>();
        for (Exercise ex : lab.exercises()) {
            if (ex.kind() != Exercise.Kind.PREDICTIONS) continue; // a job's file follows from its form: equal forms give equal files
            Map<Long, List<Submission>> byStudent = new HashMap<>();
            for (Submission s : submissions.store().ofExercise(lab.id(), ex.id(), true)) byStudent.computeIfAbsent(s.userId(), k -> new ArrayList<>()).add(s);
            List<Submission> finals = new ArrayList<>();
            List<Print> printed = new ArrayList<>();
            for (List<Submission> subs : byStudent.values()) {
                Submission fin = Grade.of(lab, ex, subs).fin();
                Print p = print(lab, ex, fin);
                if (p == null) continue;
                finals.add(fin);
                printed.add(p);
            }
            for (int i = 0; i < finals.size(); i++) {
                for (int j = i + 1; j < finals.size(); j++) {
                    Print a = printed.get(i), b = printed.get(j);
                    boolean identical = Arrays.equals(a.file(), b.file());
                    double agreement = agreement(a.items(), b.items());
                    if (identical || agreement >= NEAR) {
                        Submission x = finals.get(i), y = finals.get(j);
                        out.add(new Pair(ex, x.userId(), x.id(), y.userId(), y.id(), agreement, identical));
                    }
                }
            }
        }
        out.sort((p, q) -> Double.compare(q.agreement(), p.agreement()));
        return out;
    }

    static double agreement(long[] a, long[] b) {
        int same = 0;
        for (int i = 0; i < a.length; i++) if (a[i] == b[i]) same++;
        return a.length == 0 ? 0 : same / (double) a.length;
    }

    /** FNV-1a over the candidates' characters, each candidate closed by a separator no candidate holds. */
    private static long fingerprint(List<String> prediction) {
        long h = 0xcbf29ce484222325L;
        for (String candidate : prediction) {
            for (int i = 0; i < candidate.length(); i++) h = (h ^ candidate.charAt(i)) * 0x100000001b3L;
            h = (h ^ 0xFFFF) * 0x100000001b3L;
        }
        return h;
    }

    /** The submission's print, or null when its file is gone or no longer reads (a key changed since). */
    private synchronized Print print(Lab lab, Exercise ex, Submission s) {
        if (s.filePath() == null) return null;
        Graded id = new Graded(s.id(), s.gradedAt());
        Print cached = prints.get(id);
        if (cached != null) return cached;
        Path file = submissions.uploadsDir().resolve(s.filePath());
        try {
            PredictionsParser.Result parsed = submissions.grading().parse(lab, ex, file);
            if (!parsed.valid()) return null;
            long[] items = parsed.predictions().stream().mapToLong(Duplicates::fingerprint).toArray();
            Print p = new Print(items, MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
            prints.put(id, p);
            return p;
        } catch (IOException e) {
            return null;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
