package dev.nlulab.course;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.util.Set;

/** Marks, in a lesson's HTML, the quiz questions a student has already answered correctly. */
final class QuizMarks {
    private QuizMarks() {}

    static String markAnswered(String lessonHtml, Set<String> correctQuestionIds) {
        if (correctQuestionIds.isEmpty()) return lessonHtml;
        Document doc = Jsoup.parseBodyFragment(lessonHtml);
        doc.outputSettings().prettyPrint(false);
        for (Element form : doc.select("form.quiz[data-question]")) {
            if (!correctQuestionIds.contains(form.attr("data-question"))) continue;
            form.addClass("answered");
            Element feedback = form.selectFirst(".quiz-feedback");
            if (feedback != null) feedback.addClass("correct").text("You have answered this correctly.");
        }
        return doc.body().html();
    }
}
