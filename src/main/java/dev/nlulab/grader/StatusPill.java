package dev.nlulab.grader;

import java.util.Locale;

/** A submission's status as the lab pages show it: its word and the pill's colour class (ok, none while pending, bad). */
public record StatusPill(String label, String css) {
    static StatusPill of(SubmissionStatus status) {
        String css = switch (status) {
            case GRADED -> "ok";
            case PENDING -> "";
            case INVALID, NOT_GRADABLE -> "bad";
        };
        return new StatusPill(status.name().toLowerCase(Locale.ROOT), css);
    }
}
