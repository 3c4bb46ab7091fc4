package dev.nlulab.course;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** The lesson folders under src/test/resources/course, as paths, or copied where a test may change them. */
final class CourseFixtures {
    private CourseFixtures() {}

    static Path dir(String name) {
        try {
            return Path.of(CourseFixtures.class.getResource("/course/" + name + "/course.yaml").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path copy(String name, Path target) {
        return copy(dir(name), target);
    }

    /** Any lessons folder (the shipped course's, say) copied to {@code target}. */
    static Path copy(Path src, Path target) {
        try (Stream<Path> files = Files.walk(src)) {
            for (Path p : files.toList()) {
                Path t = target.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }
}
