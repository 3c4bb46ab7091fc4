package dev.nlulab.jobs;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Follows a file a job appends to (log.txt, metrics.jsonl): each call returns the whole lines
 * written since the last one. A line still being written waits for its newline.
 */
final class FileTail {
    private static final int MAX_READ = 4 << 20;
    private final Path file;
    private final long firstReadBytes;
    private long offset = -1;

    /** {@code firstReadBytes}: how far back the first call looks (the end of a long log is enough). */
    FileTail(Path file, long firstReadBytes) {
        this.file = file;
        this.firstReadBytes = firstReadBytes;
    }

    List<String> newLines() {
        if (!Files.isRegularFile(file)) return List.of();
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long len = raf.length();
            boolean skipPartial = false;
            if (offset < 0 || len < offset) { // first look, or the file was replaced
                offset = Math.max(0, len - firstReadBytes);
                skipPartial = offset > 0;
            }
            int n = (int) Math.min(len - offset, MAX_READ);
            if (n <= 0) return List.of();
            byte[] buf = new byte[n];
            raf.seek(offset);
            raf.readFully(buf);
            int start = 0;
            if (skipPartial) { // the first look began mid-line: drop that piece
                while (start < n && buf[start] != '\n') start++;
                start = Math.min(start + 1, n);
            }
            int end = n;
            while (end > start && buf[end - 1] != '\n') end--;
            if (end == start) {
                offset += start;
                return List.of();
            }
            offset += end;
            String text = new String(buf, start, end - start - 1, StandardCharsets.UTF_8);
            return Arrays.asList(text.split("\n", -1));
        } catch (IOException e) {
            return List.of(); // the job is writing or the folder went away; the next look tries again
        }
    }
}
