package dev.nlulab.course;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.util.HashMap;
import java.util.Map;

/**
 * Students' rows under a renamed lesson's former ids (its aliases) are moved to its id, so that every
 * query keyed by lesson id (the student's pages, class progress, question statistics) counts them without
 * knowing about aliases. The move is one transaction, idempotent (a second run finds nothing under the
 * aliases) and safe when two servers run it at once: each step only merges towards the later visit and the
 * earlier completion, and a row inserted by the other is skipped ({@code ON CONFLICT DO NOTHING}).
 */
public final class LessonRenames {
    private final Jdbi jdbi;

    public LessonRenames(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Moves quiz attempts and lesson progress from each alias to its lesson.
     *
     * @param aliases former lesson id -> the id of the lesson that names it
     * @return how many rows were moved (0 once they all have been)
     */
    public int move(Map<String, String> aliases) {
        if (aliases.isEmpty()) return 0;
        return jdbi.inTransaction(h -> {
            int moved = 0;
            for (Map.Entry<String, String> e : aliases.entrySet()) moved += move(h, e.getKey(), e.getValue());
            return moved;
        });
    }

    private static int move(Handle h, String from, String to) {
        int attempts = h.createUpdate("UPDATE quiz_attempts SET lesson_id = :to WHERE lesson_id = :from")
                .bind("from", from).bind("to", to).execute();
        // a student with a row under both ids keeps one: the later visit, the earlier completion
        h.createUpdate("INSERT INTO lesson_progress (user_id, lesson_id, visited_at, completed_at) "
                        + "SELECT o.user_id, :to, o.visited_at, o.completed_at FROM lesson_progress o WHERE o.lesson_id = :from "
                        + "AND NOT EXISTS (SELECT 1 FROM lesson_progress n WHERE n.user_id = o.user_id AND n.lesson_id = :to) "
                        + "ON CONFLICT DO NOTHING")
                .bind("from", from).bind("to", to).execute();
        h.createUpdate("UPDATE lesson_progress SET visited_at = (SELECT o.visited_at FROM lesson_progress o "
                        + "WHERE o.user_id = lesson_progress.user_id AND o.lesson_id = :from) "
                        + "WHERE lesson_id = :to AND EXISTS (SELECT 1 FROM lesson_progress o WHERE o.user_id = lesson_progress.user_id "
                        + "AND o.lesson_id = :from AND o.visited_at > lesson_progress.visited_at)")
                .bind("from", from).bind("to", to).execute();
        h.createUpdate("UPDATE lesson_progress SET completed_at = (SELECT o.completed_at FROM lesson_progress o "
                        + "WHERE o.user_id = lesson_progress.user_id AND o.lesson_id = :from) "
                        + "WHERE lesson_id = :to AND EXISTS (SELECT 1 FROM lesson_progress o WHERE o.user_id = lesson_progress.user_id "
                        + "AND o.lesson_id = :from AND o.completed_at IS NOT NULL "
                        + "AND (lesson_progress.completed_at IS NULL OR o.completed_at < lesson_progress.completed_at))")
                .bind("from", from).bind("to", to).execute();
        int progress = h.createUpdate("DELETE FROM lesson_progress WHERE lesson_id = :from").bind("from", from).execute();
        return attempts + progress;
    }

    /** How many students have progress recorded under each lesson id (any answer or reveal also records a visit). */
    public Map<String, Integer> studentsByLesson() {
        Map<String, Integer> out = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT lesson_id, COUNT(*) AS students FROM lesson_progress GROUP BY lesson_id")
                .map((rs, ctx) -> out.put(rs.getString("lesson_id"), rs.getInt("students"))).list());
        return out;
    }
}
