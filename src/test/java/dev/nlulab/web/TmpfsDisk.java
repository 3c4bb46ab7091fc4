package dev.nlulab.web;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A small disk of its own for a test's data folder: a tmpfs mounted on a folder (root can), which {@link #fill} fills
 * to the last byte (the kernel's own ENOSPC, nothing simulated) and {@link #free} empties again.
 */
final class TmpfsDisk implements AutoCloseable {
    private final Path dir;
    private final Path filler;

    private TmpfsDisk(Path dir) {
        this.dir = dir;
        this.filler = dir.resolve("filler");
    }

    /** A tmpfs of {@code size} ("16m") on {@code dir}; aborts the test (shown as skipped) where mounting is not allowed. */
    static TmpfsDisk mount(Path dir, String size) throws Exception {
        String out = run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString());
        Assumptions.assumeTrue(out == null, "cannot mount a tmpfs here: " + out);
        return new TmpfsDisk(dir);
    }

    /** Writes until the disk refuses another byte. */
    void fill() throws IOException {
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            while (true) out.write(block);
        } catch (IOException e) {
            assertThat(e.getMessage()).contains("No space left on device");
        }
        try (OutputStream out = Files.newOutputStream(filler, StandardOpenOption.APPEND)) {
            while (true) out.write(1); // the last bytes
        } catch (IOException e) {
            assertThat(e.getMessage()).contains("No space left on device");
        }
    }

    /** Gives back what {@link #fill} took. */
    void free() throws IOException {
        Files.deleteIfExists(filler);
    }

    @Override
    public void close() throws Exception {
        run("umount", "-l", dir.toString());
    }

    /** Runs a command; null when it succeeded, else its output. */
    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        return p.waitFor() == 0 ? null : out;
    }
}
