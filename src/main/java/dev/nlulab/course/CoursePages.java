package dev.nlulab.course;

import dev.nlulab.identity.Role;
import dev.nlulab.identity.User;
import dev.nlulab.web.SharedPage;
import dev.nlulab.web.Web;
import io.javalin.http.Context;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The course overview from memory. It shows the course and one student's progress in it, nothing of anyone
 * else, so each student's page is kept as rendered ({@link SharedPage}: their name and form token put in per
 * request) until their progress changes on this server ({@link #forget}), the lessons are reloaded, or for at
 * most {@link LessonPages#REMEMBERED} (progress made through another server shows by then).
 */
final class CoursePages {
    static final String TEMPLATE = "course";
    private static final int SWEEP_ABOVE = 20_000;

    private final Map<Long, Kept> kept = new ConcurrentHashMap<>();
    /** Counts {@link #forget} calls: a page rendered while one came is used once and not kept (it may be older than the change). */
    private final AtomicLong forgotten = new AtomicLong();

    /** One student's page, for the course as loaded and their role, and until when it is used. */
    private record Kept(Course course, Role role, Optional<SharedPage> page, long untilNanos) {}

    /**
     * Answers with the viewer's overview from memory, rendering it with {@code model} when it is not kept.
     * False when this request needs a page of its own (a flash message, an instructor looking as a student,
     * a page that cannot be cut): the caller renders it.
     */
    boolean send(Context ctx, Course course, Supplier<Map<String, Object>> model) {
        if (Web.hasFlash(ctx) || Web.viewingAsStudent(ctx)) return false;
        User me = Web.me(ctx);
        long now = System.nanoTime();
        Kept k = kept.get(me.id());
        if (!usable(k, me, course, now)) {
            if (kept.size() > SWEEP_ABOVE) kept.values().removeIf(x -> now - x.untilNanos() >= 0);
            long before = forgotten.get();
            k = new Kept(course, me.role(), SharedPage.render(ctx, TEMPLATE, model.get(), Map.of()),
                    now + LessonPages.REMEMBERED.toNanos());
            if (forgotten.get() == before) kept.put(me.id(), k);
        }
        if (k.page().isEmpty()) return false;
        k.page().get().send(ctx, Map.of());
        return true;
    }

    /** The viewer's overview when it is kept and current, else null: {@link #send} renders it. */
    byte[] kept(User me, String csrf, Course course) {
        Kept k = kept.get(me.id());
        if (!usable(k, me, course, System.nanoTime()) || k.page().isEmpty()) return null;
        return k.page().get().page(me, csrf, Map.of());
    }

    private static boolean usable(Kept k, User me, Course course, long now) {
        return k != null && k.course() == course && k.role() == me.role() && now - k.untilNanos() < 0
                && k.page().map(SharedPage::current).orElse(true);
    }

    /** The student's progress changed (a visit written, an answer given or asked for). */
    void forget(long userId) {
        forgotten.incrementAndGet();   // first, so that a render that began before this is not kept after it
        kept.remove(userId);
    }
}
