package dev.nlulab.grader;

import dev.nlulab.identity.Role;
import dev.nlulab.identity.User;
import dev.nlulab.identity.Viewer;
import dev.nlulab.labs.Exercise;
import dev.nlulab.labs.Lab;
import dev.nlulab.labs.LabCatalog;
import dev.nlulab.web.CourseTime;
import dev.nlulab.web.Feature;
import dev.nlulab.web.Router;
import dev.nlulab.web.Web;
import io.javalin.http.Context;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An exercise's leaderboard, as a page (with the score histogram and class figures) and as JSON. Scores
 * reach it only through {@link Board}, which hides private scores until they are revealed.
 */
public final class LeaderboardPages implements Feature {
    static final String TEMPLATE = "leaderboard";
    private final LabCatalog labs;
    private final LabRequests requests;
    private final SubmissionService submissions;
    private final LeaderboardService boards;
    private final Clock clock;
    private final CourseTime courseTime;
    private final BoardPages pages;

    /** @param sharePages students' boards from memory ({@link BoardPages}); false renders each for its request */
    public LeaderboardPages(LabCatalog labs, SubmissionService submissions, LeaderboardService boards, Clock clock, CourseTime courseTime,
                            boolean sharePages) {
        this.labs = labs;
        this.requests = new LabRequests(labs);
        this.submissions = submissions;
        this.boards = boards;
        this.clock = clock;
        this.courseTime = courseTime;
        this.pages = sharePages ? new BoardPages(submissions.store(), boards, clock, courseTime) : null;
    }

    @Override
    public void routes(Router r) {
        r.get("/labs/{lab}/{exercise}/leaderboard", Role.STUDENT, this::leaderboard, this::keptBoard);
        r.get("/labs/{lab}/{exercise}/leaderboard.json", Role.STUDENT, this::leaderboardJson);
    }

    /** A bar of the score histogram, in the SVG's coordinates. */
    public record Bar(double x, double y, double width, double height, String label, int count) {}

    /**
     * A leaderboard line as the page shows it: a student's {@code row} (with when they last submitted) or a
     * {@code baseline}, its score and further metrics in the lab's order.
     */
    public record BoardRow(Board.Row row, Board.BaselineRow baseline, String score, String last, List<String> reported) {}

    /** A board as shown, whose its rows are, and the note when the final one was asked for too early. */
    record Shown(LeaderboardService.Ranked ranked, String note) {
        Board board() { return ranked.board(); }
    }

    /**
     * The board a viewer gets: the final one when asked for (or by default once revealed) and the viewer
     * may see it; otherwise the public one, with a note when the final one was asked for too early.
     * {@code which}: the {@code board} asked for in the query, if any.
     */
    Shown shown(Viewer viewer, String which, Lab lab, Exercise ex, Instant revealAt) {
        boolean revealedToAll = !clock.instant().isBefore(revealAt);
        boolean wantFinal = "final".equals(which) || (which == null && revealedToAll);
        if (wantFinal) {
            try {
                return new Shown(boards.finalRanked(viewer, lab, ex, revealAt), null);
            } catch (LeaderboardService.NotRevealedException e) {
                return new Shown(boards.publicRanked(viewer, lab, ex, revealAt), "The final leaderboard (private scores) is shown from "
                        + courseTime.format(revealAt) + ". Until then, this is the public leaderboard.");
            }
        }
        return new Shown(boards.publicRanked(viewer, lab, ex, revealAt), null);
    }

    Instant revealAt(Lab lab, Exercise ex) {
        return submissions.revealAt(lab, ex);
    }

    private Shown shown(Context ctx, Lab lab, Exercise ex) {
        return shown(Web.viewer(ctx), ctx.queryParam("board"), lab, ex, submissions.revealAt(lab, ex));
    }

    private void leaderboard(Context ctx) {
        Lab lab = requests.lab(ctx);
        Exercise ex = LabRequests.exercise(ctx, lab);
        if (pages != null && pages.send(ctx, lab, ex, this)) return;
        Web.render(ctx, TEMPLATE, model(lab, ex, shown(ctx, lab, ex)));
    }

    /** A student's board from memory, when it is kept ({@link BoardPages#kept}). */
    private byte[] keptBoard(User me, String csrf, Map<String, String> params) {
        if (pages == null) return null;
        Lab lab = labs.lab(params.get("lab")).orElse(null);
        Exercise ex = lab == null ? null : lab.exercise(params.get("exercise")).orElse(null);
        return ex == null ? null : pages.kept(me, csrf, lab, ex);
    }

    /** The page's model for a board as shown. */
    Map<String, Object> model(Lab lab, Exercise ex, Shown shown) {
        Board b = shown.board();
        Map<String, Object> model = new HashMap<>();
        model.put("lab", lab);
        model.put("ex", ex);
        model.put("board", b);
        model.put("note", shown.note());
        model.put("bars", bars(b.distribution()));
        model.put("revealAt", courseTime.format(b.revealAt()));
        model.put("revealed", !clock.instant().isBefore(b.revealAt()));
        model.put("stats", b.distribution().count() == 0 ? null : Map.of("mean", Format.score(b.distribution().mean()),
                "median", Format.score(b.distribution().median()), "min", Format.score(b.distribution().min()), "max", Format.score(b.distribution().max())));
        model.put("rows", lines(b, ex, courseTime));
        return model;
    }

    /** The students' rows, best first, with each baseline placed after the students who score at least as well. */
    static List<BoardRow> lines(Board b, Exercise ex, CourseTime time) {
        List<BoardRow> out = new ArrayList<>();
        int next = 0;
        for (Board.Row row : b.rows()) {
            while (next < b.baselines().size() && b.baselines().get(next).score() > row.score()) out.add(line(b.baselines().get(next++), ex));
            out.add(line(row, ex, time));
        }
        while (next < b.baselines().size()) out.add(line(b.baselines().get(next++), ex));
        return out;
    }

    /** A student's row as the page shows it. */
    static BoardRow line(Board.Row row, Exercise ex, CourseTime time) {
        return new BoardRow(row, null, Format.score(row.score()), time.format(row.lastAt()), reported(row.reported(), ex));
    }

    private static BoardRow line(Board.BaselineRow baseline, Exercise ex) {
        return new BoardRow(null, baseline, Format.score(baseline.score()), null, reported(baseline.reported(), ex));
    }

    private static List<String> reported(Map<String, Double> values, Exercise ex) {
        return ex.alsoReport().stream().map(m -> values.containsKey(m) ? Format.score(values.get(m)) : "–").toList();
    }

    private void leaderboardJson(Context ctx) {
        Lab lab = requests.lab(ctx);
        Shown shown = shown(ctx, lab, LabRequests.exercise(ctx, lab));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("board", shown.board());
        if (shown.note() != null) out.put("note", shown.note());
        ctx.json(out);
    }

    private static List<Bar> bars(Distribution d) {
        List<Bar> out = new ArrayList<>();
        if (d.count() == 0) return out;
        int most = d.bins().stream().max(Integer::compare).orElse(1);
        double width = 480.0 / d.bins().size();
        double binWidth = (d.max() - d.min()) / d.bins().size();
        for (int i = 0; i < d.bins().size(); i++) {
            int n = d.bins().get(i);
            double h = most == 0 ? 0 : 110.0 * n / most; // room above the tallest bar for its count
            String label = binWidth == 0 ? Format.score(d.min()) : Format.score(d.min() + i * binWidth) + "–" + Format.score(d.min() + (i + 1) * binWidth);
            out.add(new Bar(10 + i * width + 2, 140 - h, width - 4, h, label, n));
        }
        return out;
    }
}
