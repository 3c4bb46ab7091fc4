package dev.nlulab.ml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident memory of this process (Java heap plus native tensors), from /proc/self/status, and its CPU time. */
public final class Memory {
    private static final Path STATUS = Path.of("/proc/self/status");

    private Memory() {
    }

    /** Current resident set size in bytes, or -1 where /proc is missing. */
    public static long rssBytes() {
        return field("VmRSS:");
    }

    /** Peak resident set size in bytes, or -1. */
    public static long peakRssBytes() {
        return field("VmHWM:");
    }

    /** CPU seconds this process has used (all threads): throughput per CPU-second survives a shared machine. */
    public static double cpuSeconds() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) return sun.getProcessCpuTime() / 1e9;
        return Double.NaN;
    }

    private static long field(String name) {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(name)) {
                    return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
