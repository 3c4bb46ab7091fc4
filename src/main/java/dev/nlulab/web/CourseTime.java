package dev.nlulab.web;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
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

    /**
     * The zone's name as a browser's {@code Intl} takes it, for scripts that draw times (charts): an IANA
     * name as it is; a fixed offset as {@code +05:30}, or {@code UTC} (browsers know neither {@code Z} nor {@code GMT+02:00}).
     */
    public String browserZone() {
        if (!(zone.normalized() instanceof ZoneOffset offset)) return zone.getId();
        return offset.getTotalSeconds() == 0 ? "UTC" : offset.getId();
    }

    /** The day alone, in the course's zone. */
    public String date(Instant t) {
        return t == null ? "" : DATE.format(t.atZone(zone));
    }
}
