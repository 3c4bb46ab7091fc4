package dev.nlulab.course;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.util.List;
import java.util.Map;

/**
 * A served lesson whose links and prerequisites name a renamed lesson by a former id (one of its aliases)
 * gets the current id instead: its links go straight to the page, not through the old URL's redirect, and
 * its prerequisites list the renamed lesson. Done once all files are loaded, because the aliases are
 * known only then; a lesson file's own rendering stays cached as it is.
 */
final class LessonAliasLinks {
    private LessonAliasLinks() {}

    /** @param aliases each former id of a served lesson, with that lesson's id */
    static Lesson follow(Lesson lesson, Map<String, String> aliases) {
        if (aliases.isEmpty()) return lesson;
        List<String> prerequisites = lesson.prerequisites().stream().map(p -> aliases.getOrDefault(p, p)).distinct().toList();
        String html = html(lesson.html(), aliases);
        // a quiz's texts are also shown apart from the page: the right option and the explanation, after an answer
        List<QuizQuestion> questions = lesson.questions().stream().map(q -> new QuizQuestion(q.id(), q.type(),
                html(q.promptHtml(), aliases), q.optionsHtml().stream().map(o -> html(o, aliases)).toList(), q.correctOptions(),
                q.number(), q.tolerance(), q.accepted(), html(q.explanationHtml(), aliases), q.line(), q.position())).toList();
        if (prerequisites.equals(lesson.prerequisites()) && html.equals(lesson.html()) && questions.equals(lesson.questions()))
            return lesson;
        return new Lesson(lesson.id(), lesson.moduleId(), lesson.number(), lesson.slug(), lesson.title(), lesson.summary(),
                lesson.objectives(), lesson.minutes(), prerequisites, lesson.aliases(), html, lesson.headings(),
                questions, lesson.demos(), lesson.anchors(), lesson.text(), lesson.file());
    }

    private static String html(String html, Map<String, String> aliases) {
        // most HTML links to no alias: it is not parsed again
        if (aliases.keySet().stream().noneMatch(a -> html.contains("/lessons/" + a))) return html;
        Document doc = Jsoup.parseBodyFragment(html);
        doc.outputSettings().prettyPrint(false);
        for (Element a : doc.select("a[href^=/lessons/]")) a.attr("href", LessonLinks.followAlias(a.attr("href"), aliases));
        return doc.body().html();
    }
}
