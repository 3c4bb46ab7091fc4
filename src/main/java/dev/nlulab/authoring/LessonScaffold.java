package dev.nlulab.authoring;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code nlulab lesson new <module>/<slug>}: a lesson file numbered after the module's last one, with
 * front matter, a section and a quiz, each saying what goes where, that validates as written.
 */
public final class LessonScaffold {
    private static final Pattern SLUG = Pattern.compile("[a-z0-9]+(?:-[a-z0-9]+)*");
    private static final Pattern FILE_NAME = Pattern.compile("(\\d{2,3})-([a-z0-9-]+)\\.md");

    private LessonScaffold() {}

    /** Writes {@code lessons/<module>/<nn>-<slug>.md}; refuses an unknown module, a bad slug or a slug in use. */
    public static Path write(Path lessonsDir, List<String> modules, String moduleAndSlug) throws IOException {
        int slash = moduleAndSlug.indexOf('/');
        if (slash < 0) throw new IllegalArgumentException("write <module>/<slug>, e.g. retrieval/bm25; was '" + moduleAndSlug + "'");
        String module = moduleAndSlug.substring(0, slash);
        String slug = moduleAndSlug.substring(slash + 1);
        if (!modules.contains(module)) {
            throw new IllegalArgumentException("module '" + module + "' is not in lessons/course.yaml (modules: " + String.join(", ", modules) + ")");
        }
        if (!SLUG.matcher(slug).matches()) throw new IllegalArgumentException("a slug is lower-case words joined by '-', was '" + slug + "'");
        Path dir = lessonsDir.resolve(module);
        int last = 0;
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Matcher m = FILE_NAME.matcher(f.getFileName().toString());
                    if (!m.matches()) continue;
                    if (m.group(2).equals(slug)) throw new IllegalArgumentException(f + " exists; nothing written (a scaffold never overwrites)");
                    last = Math.max(last, Integer.parseInt(m.group(1)));
                }
            }
        }
        if (last >= 999) throw new IllegalArgumentException("module '" + module + "' has no lesson number left");
        Path file = dir.resolve(String.format("%02d-%s.md", last + 1, slug));
        Files.createDirectories(dir);
        Files.writeString(file, body(slug), StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE_NEW);
        return file;
    }

    private static String body(String slug) {
        String title = Character.toUpperCase(slug.charAt(0)) + slug.substring(1).replace('-', ' ');
        return """
                ---
                # Front matter (docs/authoring-lessons.md). Check the lesson with: bin/nlulab lessons validate
                title: %s                             # required: the page's title
                summary: One sentence for lists and search.     # required
                objectives:                                     # optional: what a student can do afterwards
                  - Explain the idea in your own words
                minutes: 15                                     # optional: reading time
                ---

                The lesson's opening paragraph. Markdown with tables, footnotes, `$math$`, admonitions,
                figures and links to other lessons' `.md` files.

                ## The idea

                Each `##` and `###` heading is listed beside the lesson and is a link to itself.

                !!! tip
                    An admonition: the body is indented by four spaces.

                ## Check yourself

                ```quiz
                questions:
                  - id: first-question        # unique within the lesson: letters, digits, - and _
                    type: single              # single | multiple | numeric | text
                    prompt: Which option is right?
                    options:
                      - This one
                      - That one
                    answer: 0                 # index into options, from 0
                    explanation: Shown after a right answer, or when the student asks for it.
                ```
                """.formatted(title);
    }
}
