package dev.nlulab.grader;

import dev.nlulab.identity.Viewer;
import dev.nlulab.labs.Exercise;
import dev.nlulab.labs.Lab;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
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
    private final Pseudonyms pseudonyms;
    private final Baselines baselines;

    public LeaderboardService(SubmissionService submissions, StudentDirectory students, Pseudonyms pseudonyms) {
        this.submissions = submissions;
        this.students = students;
        this.pseudonyms = pseudonyms;
        this.baselines = new Baselines(submissions.grading());
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

    /** A board and whose each of its rows is ({@code owners}, in the rows' order), for a page that puts in the viewer's own row. */
    record Ranked(Board board, List<Long> owners) {}

    /** The public board, for a page that has already looked up the lab and when its results are revealed. */
    Board publicBoard(Viewer viewer, Lab lab, Exercise ex, Instant revealAt) {
        return publicRanked(viewer, lab, ex, revealAt).board();
    }

    Ranked publicRanked(Viewer viewer, Lab lab, Exercise ex, Instant revealAt) {
        List<Submission> graded = submissions.store().ofExercise(lab.id(), ex.id(), true);
        List<Leaderboard.Standing> standings = Leaderboard.publicStandings(graded, lab.late());
        return board(viewer, lab, ex, false, revealAt, standings, Map.of(), graded);
    }

    Board finalBoard(Viewer viewer, Lab lab, Exercise ex, Instant revealAt) {
        return finalRanked(viewer, lab, ex, revealAt).board();
    }

    Ranked finalRanked(Viewer viewer, Lab lab, Exercise ex, Instant revealAt) {
        if (!submissions.revealed(viewer, revealAt)) throw new NotRevealedException(revealAt);
        List<Submission> graded = submissions.store().ofExercise(lab.id(), ex.id(), true);
        Map<Long, Integer> publicRanks = new HashMap<>();
        List<Leaderboard.Standing> pub = Leaderboard.publicStandings(graded, lab.late());
        int[] ranks = ranks(pub);
        for (int i = 0; i < pub.size(); i++) publicRanks.put(pub.get(i).userId(), ranks[i]);
        return board(viewer, lab, ex, true, revealAt, Leaderboard.finalStandings(graded, ex.finalSelection(), lab.late()), publicRanks, graded);
    }

    /** A row as its own student sees it on a board shown to others: marked as theirs, with their name and id. */
    Board.Row own(Lab lab, Board.Row row, long userId) {
        String name = lab.pseudonyms() ? students.name(userId) : row.name();
        return new Board.Row(row.rank(), userId, name, row.score(), row.submittedAt(), row.submissions(), true, row.publicRank(),
                row.rankChange(), row.lastAt(), row.reported());
    }

    private Ranked board(Viewer viewer, Lab lab, Exercise ex, boolean isFinal, Instant revealAt, List<Leaderboard.Standing> standings,
                        Map<Long, Integer> publicRanks, List<Submission> graded) {
        Map<Long, Submission> byId = new HashMap<>();
        for (Submission s : graded) byId.put(s.id(), s);
        boolean hide = lab.pseudonyms() && !viewer.instructor();
        List<Long> named = standings.stream().map(Leaderboard.Standing::userId).filter(u -> !hide || u == viewer.userId()).toList();
        Map<Long, String> names = named.isEmpty() ? Map.of() : students.names(named);
        List<Board.Row> rows = new ArrayList<>(standings.size());
        double[] scores = new double[standings.size()];
        int[] ranks = ranks(standings);
        for (int i = 0; i < standings.size(); i++) {
            Leaderboard.Standing s = standings.get(i);
            scores[i] = s.score();
            boolean you = s.userId() == viewer.userId();
            String name = hide && !you ? pseudonyms.of(lab.id(), s.userId()) : names.get(s.userId());
            Integer publicRank = isFinal ? publicRanks.get(s.userId()) : null;
            rows.add(new Board.Row(ranks[i], hide && !you ? null : s.userId(), name, s.score(), s.submittedAt(), s.submissions(),
                    you, publicRank, publicRank == null ? null : publicRank - ranks[i], s.lastAt(), reported(byId.get(s.submissionId()), isFinal, lab)));
        }
        return new Ranked(new Board(lab.id(), ex.id(), ex.metric(), isFinal, revealAt, List.copyOf(rows),
                baselineRows(lab, ex, isFinal), Distribution.of(scores)), standings.stream().map(Leaderboard.Standing::userId).toList());
    }

    /** Standard competition ranks of standings sorted best first: equal scores share the rank of the first of them. */
    static int[] ranks(List<Leaderboard.Standing> sorted) {
        int[] ranks = new int[sorted.size()];
        for (int i = 0; i < ranks.length; i++) {
            ranks[i] = i > 0 && sorted.get(i).score() == sorted.get(i - 1).score() ? ranks[i - 1] : i + 1;
        }
        return ranks;
    }

    private List<Board.BaselineRow> baselineRows(Lab lab, Exercise ex, boolean isFinal) {
        List<Board.BaselineRow> out = new ArrayList<>();
        for (Baselines.Scored b : baselines.of(lab, ex)) {
            Map<String, Double> reported = new LinkedHashMap<>();
            b.reported().forEach((metric, score) -> reported.put(metric, isFinal ? score.privateScore() : score.publicScore()));
            out.add(new Board.BaselineRow(b.name(), isFinal ? b.score().privateScore() : b.score().publicScore(), reported));
        }
        out.sort(Comparator.comparingDouble(Board.BaselineRow::score).reversed());
        return List.copyOf(out);
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
}
