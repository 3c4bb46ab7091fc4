package dev.nlulab.labs.metacot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A course folder whose only lab is the Meta-CoT lab with a few items per family (built by the lab's own builder),
 * the repository's lessons, static files and course model linked in: a whole job runs in seconds on it.
 */
final class MiniLab {
    static final MetaCotLabBuilder.Sizes SIZES = new MetaCotLabBuilder.Sizes(3, 1, 1, 1, 1);

    private MiniLab() {
    }

    static Path create(Path dir) {
        try {
            Path repo = Path.of("").toAbsolutePath();
            Files.createDirectories(dir);
            for (String linked : List.of("lessons", "static", "models")) Files.createSymbolicLink(dir.resolve(linked), repo.resolve(linked));
            Path lab = dir.resolve("labs").resolve(MetaCotLabBuilder.LAB_ID);
            Path grader = dir.resolve("grader").resolve(MetaCotLabBuilder.LAB_ID);
            MetaCotLabBuilder.write(MetaCotLabBuilder.build(SIZES), lab, grader);
            Files.copy(repo.resolve("labs/metacot/lab.yaml"), lab.resolve("lab.yaml"));
            Files.copy(repo.resolve("labs/metacot/README.md"), lab.resolve("README.md"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
