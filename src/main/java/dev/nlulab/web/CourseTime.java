package dev.nlulab.web;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How every page writes a time: in the course's zone ({@code course.timezone}), year first and with
 * the zone's name, so no reader has to guess: {@code 2026-12-14 23:59 CET}. The server serves one
 * course, so the zone is set once when the platform starts ({@link #use}) and read everywhere through
 * {@link #current()}; templates get it as {@code courseTime}.
 */
public record CourseTime(ZoneId zone) {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm z", Locale.ROOT);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd", Locale.ROOT);
    /** The {@code course.timezone} default. */
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("UTC");
    private static volatile CourseTime current = new CourseTime(DEFAULT_ZONE);

    public static CourseTime current() {
        return current;
    }

    /** Called by the platform at start with the {@code course.timezone} setting. */
    public static void use(ZoneId zone) {
        current = new CourseTime(zone);
    }

    /** Date, time to the minute and zone; empty for no time. */
    public String format(Instant t) {
        return t == null ? "" : TIME.format(t.atZone(zone));
    }

    /** The day alone, in the course's zone. */
    public String date(Instant t) {
        return t == null ? "" : DATE.format(t.atZone(zone));
    }
}
