package dev.nlulab.course;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Puts a student's state into a lesson's quiz forms, so that a reload shows each question as they left
 * it: their answer filled in, the feedback it got, and the key only where it is theirs to see. Only the
 * forms change; the rest of the lesson's HTML is served as it was rendered.
 */
final class QuizStates {
    private QuizStates() {}

    /** The lesson's HTML with the student's state in the forms of the questions they answered or asked about. */
    static String apply(Lesson lesson, Map<String, QuestionState> states) {
        if (states.isEmpty()) return lesson.html();
        String html = lesson.html();
        for (Map.Entry<String, String> f : forms(lesson).entrySet()) {
            QuestionState state = states.get(f.getKey());
            if (state != null) html = html.replace(f.getValue(), form(lesson, f.getValue(), state));
        }
        return html;
    }

    /** Each quiz form of the lesson, by question id, exactly as it is written in the lesson's HTML. */
    static Map<String, String> forms(Lesson lesson) {
        Map<String, String> out = new LinkedHashMap<>();
        Document doc = Jsoup.parse(lesson.html(), "", Parser.htmlParser().setTrackPosition(true));
        for (Element form : doc.select("form.quiz[data-question]")) {
            if (!form.sourceRange().isTracked() || !form.endSourceRange().isTracked()) continue;
            out.put(form.attr("data-question"), lesson.html().substring(form.sourceRange().startPos(), form.endSourceRange().endPos()));
        }
        return out;
    }

    /** One quiz form (as {@link #forms} gives it) with the student's state in it. */
    static String form(Lesson lesson, String formHtml, QuestionState state) {
        Document doc = Jsoup.parseBodyFragment(formHtml);
        doc.outputSettings().prettyPrint(false);
        Element form = doc.selectFirst("form.quiz[data-question]");
        QuizQuestion q = form == null ? null : lesson.question(form.attr("data-question")).orElse(null);
        if (q == null) return formHtml;
        if (state.correct()) form.addClass("answered");
        fill(form, q, state.answer());
        QuizFeedback feedback = QuizFeedback.onPage(q, state);
        Element box = form.selectFirst(".quiz-feedback");
        if (box != null) box.addClass(feedback.cssClass()).html(feedback.html());
        Element reveal = form.selectFirst(".quiz-reveal");
        if (reveal != null && state.showsKey()) reveal.attr("hidden", true);
        return form.outerHtml();
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
