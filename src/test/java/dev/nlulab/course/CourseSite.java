package dev.nlulab.course;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A course folder for web tests: the good fixture lessons plus one broken lesson
 * ({@code representations/03-no-title}), one with a dead link, and the repository's static files, which the pages load.
 */
public final class CourseSite {
    public static final String BROKEN_LESSON = "representations/03-no-title";
    /** Served, with a warning: it links to a lesson that does not exist. */
    public static final String DEAD_LINK_LESSON = "representations/04-dead-link";

    private CourseSite() {}

    /** Makes {@code dir/lessons} and {@code dir/static}; use {@code dir} as the {@code course.dir} setting. */
    public static Path make(Path dir) {
        try {
            Path lessons = CourseFixtures.copy("good", Files.createDirectories(dir.resolve("lessons")));
            Files.copy(CourseFixtures.dir("broken").resolve("representations/02-no-title.md"),
                    lessons.resolve(BROKEN_LESSON + ".md"), StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(lessons.resolve(DEAD_LINK_LESSON + ".md"), "---\ntitle: Dead link\nsummary: Links nowhere.\n---\n"
                    + "# Dead link\n\nSee [the missing lesson](05-missing.md).\n");
            Files.createSymbolicLink(dir.resolve("static"), Path.of("static").toAbsolutePath());
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
