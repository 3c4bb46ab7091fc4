package dev.nlulab.grader;

import dev.nlulab.identity.User;
import dev.nlulab.identity.Viewer;
import dev.nlulab.labs.Exercise;
import dev.nlulab.labs.Lab;
import dev.nlulab.web.CourseTime;
import dev.nlulab.web.SharedPage;
import dev.nlulab.web.Web;
import io.javalin.http.Context;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Students' leaderboard pages from memory. A board looks the same to every student but for their own row
 * (marked as theirs and, under pseudonyms, with their name), so the page is rendered once as a student on no
 * board sees it, cut at each student's row (the template marks the rows for {@link SharedPage}), and each
 * request puts in the viewer's own row. A kept page is rendered again once a result, a final choice or an
 * extension has been written on this server ({@link SubmissionStore#changes}), the labs were reloaded, the
 * results' reveal time has passed, and at the latest after {@link #REMEMBERED} (what another server wrote shows
 * by then). After a change the next readers wait for the new page; a page that is only old is still answered
 * while one request renders it ({@link #renew}). Instructors' pages (every name, the final board before it is
 * revealed) are never kept.
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
    private final CourseTime courseTime;
    private final Map<Key, Kept> kept = new ConcurrentHashMap<>();
    /** Held by the one request that renders a page. */
    private final Map<Key, ReentrantLock> rendering = new ConcurrentHashMap<>();

    /** A board page: the lab and exercise, and which board the query asked for (null, "final" or "public"). */
    private record Key(String lab, String exercise, String asked) {}

    /**
     * A page as rendered, with what it was rendered from and until when it is used; {@code rowOf}: each student's
     * row on it (index of the board's rows); {@code own}: the rows as their students see them, rendered when first asked for.
     */
    private record Kept(Lab lab, long changes, Instant until, Instant revealAt, boolean revealed, Optional<SharedPage> page,
                        Board board, Map<Long, Integer> rowOf, Map<Long, byte[]> own) {}

    BoardPages(SubmissionStore store, LeaderboardService boards, Clock clock, CourseTime courseTime) {
        this.store = store;
        this.boards = boards;
        this.clock = clock;
        this.courseTime = courseTime;
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
        Instant now = clock.instant();
        boolean unchanged = unchanged(k, lab, now);
        if (!unchanged || !now.isBefore(k.until())) k = renew(ctx, key, lab, ex, page, unchanged ? k : null);
        if (k.page().isEmpty()) return false;
        k.page().get().send(ctx, fills(k, ex, viewer.userId()));
        return true;
    }

    /**
     * A student's board page (the default board) from memory, else null: {@link #send} renders it. A page that is
     * only old is answered while another request renders it, and left to the application to render otherwise.
     */
    byte[] kept(User me, String csrf, Lab lab, Exercise ex) {
        if (Viewer.of(me).instructor()) return null;
        Key key = new Key(lab.id(), ex.id(), null);
        Kept k = kept.get(key);
        Instant now = clock.instant();
        if (!unchanged(k, lab, now) || k.page().isEmpty()) return null;
        if (!now.isBefore(k.until()) && !rendering(key)) return null;
        return k.page().get().page(me, csrf, fills(k, ex, me.id()));
    }

    /**
     * The page rendered again, by one request at a time. {@code meanwhile}: the kept page when it is only old,
     * answered while another request renders the new one, or null to wait for that. They differ in what a reader
     * may miss: a page only old lacks what another server wrote, which readers see within {@link #REMEMBERED} in
     * any case, so answering it a few milliseconds longer costs no one anything (and making every reader wait
     * for a render was the board's slowest answer); a change written here, a reveal or a reload is something the
     * student who made it, or everyone at the reveal, must see on their very next page.
     */
    private Kept renew(Context ctx, Key key, Lab lab, Exercise ex, LeaderboardPages page, Kept meanwhile) {
        ReentrantLock lock = rendering.computeIfAbsent(key, x -> new ReentrantLock());
        if (meanwhile == null) lock.lock();
        else if (!lock.tryLock()) return meanwhile;
        try {
            Kept k = kept.get(key);
            Instant now = clock.instant();
            if (unchanged(k, lab, now) && now.isBefore(k.until())) return k;   // rendered while this request waited
            k = render(ctx, key, lab, ex, page);
            kept.put(key, k);
            return k;
        } finally {
            lock.unlock();
        }
    }

    private boolean rendering(Key key) {
        ReentrantLock lock = rendering.get(key);
        return lock != null && lock.isLocked();
    }

    /** The viewer's own row in place of theirs, if they have one on the board. */
    private Map<String, byte[]> fills(Kept k, Exercise ex, long userId) {
        Integer row = k.rowOf().get(userId);
        return row == null ? Map.of() : Map.of(ROW + row, own(k, ex, row, userId));
    }

    /** Kept, and nothing it was rendered from changed on this server: the labs, the results, the reveal, the static files. */
    private boolean unchanged(Kept k, Lab lab, Instant now) {
        return k != null && k.lab() == lab && k.changes() == store.changes() && k.revealed() == !now.isBefore(k.revealAt())
                && k.page().map(SharedPage::current).orElse(true);
    }

    private Kept render(Context ctx, Key key, Lab lab, Exercise ex, LeaderboardPages page) {
        long changes = store.changes();   // read first: a result written while the page renders makes it out of date
        Instant at = clock.instant();
        Instant revealAt = page.revealAt(lab, ex);
        boolean revealed = !clock.instant().isBefore(revealAt);
        LeaderboardPages.Shown shown = page.shown(NOBODY, key.asked(), lab, ex, revealAt);
        Map<Long, Integer> rowOf = new HashMap<>();
        List<String> rows = new ArrayList<>();
        List<Long> owners = shown.ranked().owners();
        for (int i = 0; i < owners.size(); i++) {
            rowOf.put(owners.get(i), i);
            rows.add(ROW + i);
        }
        Optional<SharedPage> shared = SharedPage.render(ctx, LeaderboardPages.TEMPLATE, page.model(lab, ex, shown), Map.of(), rows);
        return new Kept(lab, changes, at.plus(REMEMBERED), revealAt, revealed, shared, shown.board(), Map.copyOf(rowOf), new ConcurrentHashMap<>());
    }

    /** The viewer's row as they see it, rendered once per kept page. */
    private byte[] own(Kept k, Exercise ex, int row, long userId) {
        byte[] known = k.own().get(userId);
        if (known != null) return known;
        Board board = k.board();
        String html = Web.fragment(LeaderboardPages.TEMPLATE, ROW_FRAGMENT,
                Map.of("v", LeaderboardPages.line(boards.own(k.lab(), board.rows().get(row), userId), ex, courseTime), "board", board));
        byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
        k.own().put(userId, bytes);
        return bytes;
    }
}
