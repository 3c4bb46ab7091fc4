package dev.nlulab.labs.qalora;

import dev.nlulab.ml.Memory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's peak resident memory over one phase: Linux keeps a high-water mark (VmHWM) that
 * writing "5" to /proc/self/clear_refs resets to the current size, so each method of a study gets
 * its own peak although they run one after another in one process.
 */
final class PeakMemory {
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

    private PeakMemory() {}

    /** Starts a phase; false where the mark cannot be reset (then the peak covers the process so far). */
    static boolean reset() {
        try {
            Files.writeString(CLEAR_REFS, "5");
            return true;
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** The peak since the last {@link #reset}, in bytes; -1 without /proc. */
    static long peak() {
        return Memory.peakRssBytes();
    }
}
