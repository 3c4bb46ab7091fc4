package dev.nlulab.grader;

import dev.nlulab.identity.User;
import dev.nlulab.identity.Viewer;
import dev.nlulab.labs.Exercise;
import dev.nlulab.labs.Lab;
import dev.nlulab.web.SharedPage;
import dev.nlulab.web.Web;
import io.javalin.http.Context;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Students' leaderboard pages from memory. A board looks the same to every student but for their own row
 * (marked as theirs and, under pseudonyms, with their name), so the page is rendered once as a student on no
 * board sees it, cut at each student's row ({@link SharedPage}), and each request puts in the viewer's own row.
 * A kept page is rendered again once a result, a final choice or an extension has been written on this server
 * ({@link SubmissionStore#changes}), the labs were reloaded, the results' reveal time has passed, and at the
 * latest after {@link #REMEMBERED} (what another server wrote shows by then). Instructors' pages (every name,
 * the final board before it is revealed) are never kept.
 */
final class BoardPages {
    static final Duration REMEMBERED = Duration.ofSeconds(10);
    private static final String ROW = "row:";
    private static final String ROW_FRAGMENT = "student-row";
    /** A student on no board: the page as every student sees it but for their own row. */
    private static final Viewer NOBODY = Viewer.student(Long.MIN_VALUE);

    private final SubmissionStore store;
    private final LeaderboardService boards;
    private final Clock clock;
    private final Map<Key, Kept> kept = new ConcurrentHashMap<>();
    private final Map<Key, Object> rendering = new ConcurrentHashMap<>();

    /** A board page: the lab and exercise, and which board the query asked for (null, "final" or "public"). */
    private record Key(String lab, String exercise, String asked) {}

    /**
     * A page as rendered, with what it was rendered from; {@code rowOf}: each student's row on it (index of the
     * board's rows); {@code own}: the rows as their students see them, rendered when first asked for.
     */
    private record Kept(Lab lab, long changes, long untilNanos, Instant revealAt, boolean revealed, Optional<SharedPage> page,
                        Board board, Map<Long, Integer> rowOf, Map<Long, byte[]> own) {}

    BoardPages(SubmissionStore store, LeaderboardService boards, Clock clock) {
        this.store = store;
        this.boards = boards;
        this.clock = clock;
    }

    /**
     * Answers a student with the board page from memory. False when the request needs a page of its own (an
     * instructor, an instructor looking as a student, a flash message, a page that cannot be cut): the caller renders it.
     */
    boolean send(Context ctx, Lab lab, Exercise ex, LeaderboardPages page) {
        Viewer viewer = Web.viewer(ctx);
        if (viewer.instructor() || Web.hasFlash(ctx) || Web.viewingAsStudent(ctx)) return false;
        String which = ctx.queryParam("board");
        Key key = new Key(lab.id(), ex.id(), which == null ? null : which.equals("final") ? "final" : "public");
        Kept k = kept.get(key);
        if (!current(k, lab)) {
            synchronized (rendering.computeIfAbsent(key, x -> new Object())) {   // one render per page, the others wait for it
                k = kept.get(key);
                if (!current(k, lab)) {
                    k = render(ctx, key, lab, ex, page);
                    kept.put(key, k);
                }
            }
        }
        if (k.page().isEmpty()) return false;
        k.page().get().send(ctx, fills(k, ex, viewer.userId()));
        return true;
    }

    /** A student's board page (the default board) when it is kept and current, else null: {@link #send} renders it. */
    byte[] kept(User me, String csrf, Lab lab, Exercise ex) {
        if (Viewer.of(me).instructor()) return null;
        Kept k = kept.get(new Key(lab.id(), ex.id(), null));
        if (!current(k, lab) || k.page().isEmpty()) return null;
        return k.page().get().page(me, csrf, fills(k, ex, me.id()));
    }

    /** The viewer's own row in place of theirs, if they have one on the board. */
    private Map<String, byte[]> fills(Kept k, Exercise ex, long userId) {
        Integer row = k.rowOf().get(userId);
        return row == null ? Map.of() : Map.of(ROW + row, own(k, ex, row, userId));
    }

    private boolean current(Kept k, Lab lab) {
        return k != null && k.lab() == lab && k.changes() == store.changes() && System.nanoTime() - k.untilNanos() < 0
                && k.revealed() == !clock.instant().isBefore(k.revealAt()) && k.page().map(SharedPage::current).orElse(true);
    }

    private Kept render(Context ctx, Key key, Lab lab, Exercise ex, LeaderboardPages page) {
        long changes = store.changes();   // read first: a result written while the page renders makes it out of date
        long now = System.nanoTime();
        Instant revealAt = page.revealAt(lab, ex);
        boolean revealed = !clock.instant().isBefore(revealAt);
        LeaderboardPages.Shown shown = page.shown(NOBODY, key.asked(), lab, ex, revealAt);
        Board board = shown.board();
        Map<String, String> parts = new HashMap<>();
        Map<Long, Integer> rowOf = new HashMap<>();
        List<Long> owners = shown.ranked().owners();
        for (int i = 0; i < owners.size(); i++) {
            rowOf.put(owners.get(i), i);
            parts.put(ROW + i, row(board, ex, board.rows().get(i)));
        }
        Optional<SharedPage> shared = SharedPage.render(ctx, LeaderboardPages.TEMPLATE, page.model(lab, ex, shown), parts);
        return new Kept(lab, changes, now + REMEMBERED.toNanos(), revealAt, revealed, shared, board, Map.copyOf(rowOf), new ConcurrentHashMap<>());
    }

    /** The viewer's row as they see it, rendered once per kept page. */
    private byte[] own(Kept k, Exercise ex, int row, long userId) {
        byte[] known = k.own().get(userId);
        if (known != null) return known;
        byte[] html = row(k.board(), ex, boards.own(k.lab(), k.board().rows().get(row), userId)).getBytes(StandardCharsets.UTF_8);
        k.own().put(userId, html);
        return html;
    }

    private static String row(Board board, Exercise ex, Board.Row row) {
        return Web.fragment(LeaderboardPages.TEMPLATE, ROW_FRAGMENT, Map.of("v", LeaderboardPages.line(row, ex), "board", board));
    }
}
