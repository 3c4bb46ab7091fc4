package dev.nlulab.cli;

import dev.nlulab.config.Settings;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A data folder the server cannot write to (a read-only mount, a disk full, wrong owner): the server refuses to
 * start with a message that names the folder and the setting, instead of serving pages whose every write fails,
 * and leaves the files there as they were.
 */
class ReadOnlyDataFolderTest {
    @TempDir
    Path tmp;

    @Test
    void aServerOnAReadOnlyDataFolderDoesNotStartSaysWhyAndChangesNothing() throws Exception {
        Path data = tmp.resolve("data");
        Map<String, String> settings = Map.of("port", "0", "data.dir", data.toString(), "course.dir", Path.of("").toAbsolutePath().toString(),
                "model.dir", tmp.resolve("no-model").toString());
        Platform.start(Settings.of(settings)).close(); // a course that ran: its database and folders are there
        Map<Path, Long> before = files(data);
        assertThat(before).isNotEmpty();

        readOnly(data, true);
        try {
            assertThatThrownBy(() -> Platform.start(Settings.of(settings)))
                    .hasMessageContaining("cannot write to its data folder").hasMessageContaining(data.toString())
                    .hasMessageContaining("data.dir");
            assertThat(files(data)).as("the data folder after the refused start").isEqualTo(before);
        } finally {
            readOnly(data, false);
        }
        Platform.start(Settings.of(settings)).close(); // writable again: it starts on the same data
    }

    /** Every file under the folder with its size. */
    private static Map<Path, Long> files(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).collect(java.util.stream.Collectors.toMap(p -> p, p -> p.toFile().length()));
        }
    }

    /**
     * Makes every folder under {@code dir} read-only even for root (who ignores permission bits): the immutable
     * attribute, as a read-only mount would. Aborts (shown as skipped, not passed) where neither works.
     */
    private static void readOnly(Path dir, boolean on) throws Exception {
        List<Path> folders;
        try (Stream<Path> all = Files.walk(dir)) {
            folders = all.filter(Files::isDirectory).toList();
        }
        for (Path f : folders) {
            Process p = new ProcessBuilder("chattr", on ? "+i" : "-i", f.toString()).redirectErrorStream(true).start();
            if (p.waitFor() != 0 && on) {
                Assumptions.assumeFalse(true, "chattr +i does not work here: " + new String(p.getInputStream().readAllBytes()));
            }
        }
        if (on) Assumptions.assumeFalse(Files.isWritable(dir) && canCreate(dir), "the folder is still writable");
    }

    private static boolean canCreate(Path dir) {
        try {
            Files.delete(Files.createTempFile(dir, "probe", ""));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
