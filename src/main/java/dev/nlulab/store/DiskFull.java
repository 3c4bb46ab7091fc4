package dev.nlulab.store;

import java.io.IOException;
import java.sql.SQLException;
import java.util.Locale;

/** Whether a failure was the disk being full (ENOSPC), as the JDK and H2 report it: only in the message. */
public final class DiskFull {
    private DiskFull() {}

    public static boolean in(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            boolean io = t instanceof IOException || t instanceof SQLException || t.getClass().getName().startsWith("org.h2.");
            if (io && (m.contains("no space left on device") || m.contains("disk quota exceeded"))) return true;
        }
        return false;
    }
}
