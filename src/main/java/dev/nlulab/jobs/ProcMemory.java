package dev.nlulab.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident memory of a process from /proc/<pid>/status (Linux): now (VmRSS) and peak (VmHWM). */
public record ProcMemory(Long rssBytes, Long peakBytes) {

    public static ProcMemory ofSelf() { return of("self"); }

    public static ProcMemory of(long pid) { return of(Long.toString(pid)); }

    private static ProcMemory of(String pid) {
        try {
            Long rss = null, hwm = null;
            for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
                if (line.startsWith("VmRSS:")) rss = kib(line);
                else if (line.startsWith("VmHWM:")) hwm = kib(line);
            }
            return new ProcMemory(rss, hwm);
        } catch (IOException | RuntimeException e) {
            return new ProcMemory(null, null); // not Linux, or the process is gone
        }
    }

    private static long kib(String line) {
        String[] parts = line.trim().split("\\s+");
        return Long.parseLong(parts[1]) * 1024;
    }
}
