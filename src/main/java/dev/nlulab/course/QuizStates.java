package dev.nlulab.course;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * Puts a student's state into a lesson's quiz forms, so that a reload shows each question as they left
 * it: their answer filled in, the feedback it got, and the key only where it is theirs to see.
 */
final class QuizStates {
    private QuizStates() {}

    static String apply(Lesson lesson, Map<String, QuestionState> states) {
        if (states.isEmpty()) return lesson.html();
        Document doc = Jsoup.parseBodyFragment(lesson.html());
        doc.outputSettings().prettyPrint(false);
        for (Element form : doc.select("form.quiz[data-question]")) {
            QuestionState state = states.get(form.attr("data-question"));
            QuizQuestion q = lesson.question(form.attr("data-question")).orElse(null);
            if (state == null || q == null) continue;
            if (state.correct()) form.addClass("answered");
            fill(form, q, state.answer());
            QuizFeedback feedback = QuizFeedback.onPage(q, state);
            Element box = form.selectFirst(".quiz-feedback");
            if (box != null) box.addClass(feedback.cssClass()).html(feedback.html());
            Element reveal = form.selectFirst(".quiz-reveal");
            if (reveal != null && state.showsKey()) reveal.attr("hidden", true);
        }
        return doc.body().html();
    }

    /** The stored answer is canonical: an option index, indices joined by commas, or the text given. */
    private static void fill(Element form, QuizQuestion q, String answer) {
        if (answer == null) return;
        switch (q.type()) {
            case SINGLE, MULTIPLE -> {
                Set<String> chosen = Set.copyOf(Arrays.asList(answer.split(",")));
                for (Element input : form.select("input[name=answer]")) if (chosen.contains(input.val())) input.attr("checked", true);
            }
            case NUMERIC, TEXT -> {
                Element input = form.selectFirst("input.quiz-input");
                if (input != null) input.val(answer);
            }
        }
    }
}
