package dev.nlulab.web;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How every page writes a time: in the course's zone ({@code course.timezone}), year first and with
 * the zone's name, so no reader has to guess: {@code 2026-12-14 23:59 CET}. The platform makes one from
 * its settings and hands it to what writes times; templates get it as {@code courseTime}.
 */
public record CourseTime(ZoneId zone) {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm z", Locale.ROOT);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd", Locale.ROOT);

    /** Date, time to the minute and zone; empty for no time. */
    public String format(Instant t) {
        return t == null ? "" : TIME.format(t.atZone(zone));
    }

    /** The day alone, in the course's zone. */
    public String date(Instant t) {
        return t == null ? "" : DATE.format(t.atZone(zone));
    }
}
