package dev.nlulab.course;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One rendered lesson. {@code html} is sanitized and safe to insert into the page as is; it holds quiz
 * forms without their answers and the boxes its live demos fill.
 *
 * @param id       {@code <module>/<nn>-<slug>}, also its URL: {@code /lessons/<id>}
 * @param aliases  the lesson's former ids (it was renamed or renumbered): their URLs redirect here and
 *                 students' progress recorded under them counts here
 * @param anchors  every element id in {@code html} (headings, footnotes), for checking links to it
 * @param text     the plain text of the page (no markup, no answers), for search
 */
public record Lesson(String id, String moduleId, int number, String slug, String title, String summary,
                     List<String> objectives, int minutes, List<String> prerequisites, List<String> aliases, String html,
                     List<Heading> headings, List<QuizQuestion> questions, List<DemoBlock> demos,
                     Set<String> anchors, String text, Path file) {

    public String url() {
        return "/lessons/" + id;
    }

    /** The demos the lesson embeds, each once: the page loads each one's script. */
    public List<String> demoNames() {
        return demos.stream().map(DemoBlock::name).distinct().toList();
    }

    public Optional<QuizQuestion> question(String questionId) {
        return questions.stream().filter(q -> q.id().equals(questionId)).findFirst();
    }
}
