package dev.nlulab.grader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** How the lab pages write scores, sizes and a submission's messages (times: {@link dev.nlulab.web.CourseTime}). */
final class Format {
    private Format() {}

    /** Four decimals, as the leaderboards rank; an en dash for no score. */
    static String score(Double s) {
        return s == null || s.isNaN() ? "–" : String.format(Locale.ROOT, "%.4f", s);
    }

    /** At most this many characters of someone's text go back into a message (pages show messages on every visit). */
    static final int QUOTED_CHARS = 40;

    /** Someone's text as a message quotes it: whole when short, else its start and how long it is. */
    static String quote(String text) {
        boolean cut = text.codePointCount(0, text.length()) > QUOTED_CHARS;
        return "'" + shorten(text, QUOTED_CHARS) + "'" + (cut ? " (" + text.length() + " characters)" : "");
    }

    static String shorten(String text, int codePoints) {
        if (text.codePointCount(0, text.length()) <= codePoints) return text;
        return text.substring(0, text.offsetByCodePoints(0, codePoints)) + "…";
    }

    static String bound(Double b) {
        if (b == null) return null;
        return b == Math.rint(b) ? Long.toString(b.longValue()) : b.toString();
    }

    static String size(Path f) {
        try {
            long n = Files.size(f);
            if (n < 1024) return n + " B";
            if (n < 1 << 20) return String.format(Locale.ROOT, "%.0f KB", n / 1024.0);
            return String.format(Locale.ROOT, "%.1f MB", n / (double) (1 << 20));
        } catch (IOException e) {
            return "?";
        }
    }

    /** The exercise's further metrics as a cell shows them under its score ("success@5 0.2941"); none while hidden. */
    static List<String> reported(SubmissionView s, boolean privateShare) {
        List<String> out = new ArrayList<>();
        for (SubmissionView.Reported r : s.reported()) {
            Double v = privateShare ? r.privateScore() : r.publicScore();
            if (v != null) out.add(r.metric() + " " + score(v));
        }
        return out;
    }

    /** What was wrong with a submission, one problem a line. */
    static List<String> problems(SubmissionView s) {
        return s.message() == null ? List.of() : List.of(s.message().split("\n"));
    }

    /** Table rows newest first (the services give them oldest first). */
    static <T> List<T> newestFirst(List<T> oldestFirst) {
        List<T> out = new ArrayList<>(oldestFirst);
        Collections.reverse(out);
        return out;
    }
}
