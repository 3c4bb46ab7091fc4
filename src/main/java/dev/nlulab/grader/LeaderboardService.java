package dev.nlulab.grader;

import dev.nlulab.identity.Viewer;
import dev.nlulab.labs.Exercise;
import dev.nlulab.labs.Lab;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The boards pages show. The public board is there all along; the final (private) board only once
 * results are revealed to the viewer (the deadline and every extension have passed; instructors always).
 */
public final class LeaderboardService {
    private final SubmissionService submissions;
    private final StudentDirectory students;

    public LeaderboardService(SubmissionService submissions, StudentDirectory students) {
        this.submissions = submissions;
        this.students = students;
    }

    /** Thrown for a final board asked for before the viewer may see it. */
    public static final class NotRevealedException extends RuntimeException {
        public NotRevealedException(Instant at) {
            super("the final leaderboard is shown from " + at);
        }
    }

    public Board publicBoard(Viewer viewer, String labId, String exerciseId) {
        Lab lab = submissions.lab(labId);
        Exercise ex = SubmissionService.exercise(lab, exerciseId);
        return publicBoard(viewer, lab, ex, submissions.revealAt(lab, ex));
    }

    /** The final board with each student's move against the public board. */
    public Board finalBoard(Viewer viewer, String labId, String exerciseId) {
        Lab lab = submissions.lab(labId);
        Exercise ex = SubmissionService.exercise(lab, exerciseId);
        return finalBoard(viewer, lab, ex, submissions.revealAt(lab, ex));
    }

    /** The public board, for a page that has already looked up the lab and when its results are revealed. */
    Board publicBoard(Viewer viewer, Lab lab, Exercise ex, Instant revealAt) {
        List<Submission> graded = submissions.store().ofExercise(lab.id(), ex.id(), true);
        List<Leaderboard.Standing> standings = Leaderboard.publicStandings(graded, lab.late());
        return board(viewer, lab, ex, false, revealAt, standings, Map.of(), graded);
    }

    Board finalBoard(Viewer viewer, Lab lab, Exercise ex, Instant revealAt) {
        if (!submissions.revealed(viewer, revealAt)) throw new NotRevealedException(revealAt);
        List<Submission> graded = submissions.store().ofExercise(lab.id(), ex.id(), true);
        Map<Long, Integer> publicRanks = new HashMap<>();
        List<Leaderboard.Standing> pub = Leaderboard.publicStandings(graded, lab.late());
        for (int i = 0; i < pub.size(); i++) publicRanks.put(pub.get(i).userId(), i + 1);
        return board(viewer, lab, ex, true, revealAt, Leaderboard.finalStandings(graded, ex.finalSelection(), lab.late()), publicRanks, graded);
    }

    private Board board(Viewer viewer, Lab lab, Exercise ex, boolean isFinal, Instant revealAt, List<Leaderboard.Standing> standings,
                        Map<Long, Integer> publicRanks, List<Submission> graded) {
        Map<Long, Submission> byId = new HashMap<>();
        for (Submission s : graded) byId.put(s.id(), s);
        boolean hide = lab.pseudonyms() && !viewer.instructor();
        List<Long> named = standings.stream().map(Leaderboard.Standing::userId).filter(u -> !hide || u == viewer.userId()).toList();
        Map<Long, String> names = named.isEmpty() ? Map.of() : students.names(named);
        List<Board.Row> rows = new ArrayList<>(standings.size());
        double[] scores = new double[standings.size()];
        for (int i = 0; i < standings.size(); i++) {
            Leaderboard.Standing s = standings.get(i);
            scores[i] = s.score();
            boolean you = s.userId() == viewer.userId();
            String name = hide && !you ? pseudonym(lab.id(), s.userId()) : names.get(s.userId());
            Integer publicRank = isFinal ? publicRanks.get(s.userId()) : null;
            rows.add(new Board.Row(i + 1, hide && !you ? null : s.userId(), name, s.score(), s.submittedAt(), s.submissions(),
                    you, publicRank, publicRank == null ? null : publicRank - (i + 1), s.lastAt(), reported(byId.get(s.submissionId()), isFinal, lab)));
        }
        return new Board(lab.id(), ex.id(), ex.metric(), isFinal, revealAt, List.copyOf(rows), Distribution.of(scores));
    }

    /** The further metrics of the submission that counts, on the board's share, penalized like its score when late. */
    private static Map<String, Double> reported(Submission s, boolean isFinal, Lab lab) {
        Map<String, Double> out = new LinkedHashMap<>();
        s.reported().forEach((metric, score) -> {
            double v = isFinal ? score.privateScore() : score.publicScore();
            out.put(metric, s.late() ? lab.late().apply(v) : v);
        });
        return out;
    }

    /** A stable name per student and lab that does not reveal who it is on the board. */
    static String pseudonym(String labId, long userId) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(("nlulab-pseudonym/" + labId + "/" + userId).getBytes(StandardCharsets.UTF_8));
            return "Student " + HexFormat.of().formatHex(h, 0, 3);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
