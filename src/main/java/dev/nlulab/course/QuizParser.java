package dev.nlulab.course;

import dev.nlulab.content.ContentException;
import dev.nlulab.content.Problem;
import dev.nlulab.content.YamlNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the YAML of a ```quiz block into questions, checking each one: a known type, options where
 * they belong, an answer that exists (an index in range, a non-empty set, a number, accepted text).
 * Every problem is reported with its file line; a question with a problem is left out.
 */
final class QuizParser {
    private static final Set<String> KEYS = Set.of("id", "type", "prompt", "options", "answer", "tolerance", "explanation");

    private final LessonMarkdown markdown;
    private final Path file;
    private final String lessonId;
    private final List<Problem> problems;

    QuizParser(LessonMarkdown markdown, Path file, String lessonId, List<Problem> problems) {
        this.markdown = markdown;
        this.file = file;
        this.lessonId = lessonId;
        this.problems = problems;
    }

    /**
     * @param firstLine     1-based file line of the block's first YAML line
     * @param seenIds       question ids already used in this lesson (updated)
     * @param firstPosition the lesson-wide position of this block's first question
     */
    List<QuizQuestion> parse(String yaml, int firstLine, Set<String> seenIds, int firstPosition) {
        List<QuizQuestion> out = new ArrayList<>();
        try {
            YamlNode root = YamlNode.parse(yaml, firstLine);
            if (root.isNull()) throw new ContentException(firstLine, "quiz block is empty: it needs 'questions:'");
            Map<String, YamlNode> top = root.mapping("the quiz block");
            YamlNode list = top.get("questions");
            if (list == null) throw new ContentException(root.line(), "quiz block has no 'questions:' list");
            for (String k : top.keySet()) {
                if (!k.equals("questions"))
                    throw new ContentException(root.line(), "unknown key '" + k + "' in quiz block (only 'questions')");
            }
            for (YamlNode q : list.sequence("questions")) {
                try {
                    out.add(question(q, seenIds, firstPosition + out.size()));
                } catch (ContentException e) {
                    problems.add(e.in(file));
                }
            }
        } catch (ContentException e) {
            problems.add(e.in(file));
        }
        return out;
    }

    private QuizQuestion question(YamlNode node, Set<String> seenIds, int position) throws ContentException {
        Map<String, YamlNode> m = node.mapping("a question");
        int line = node.line();
        for (var e : m.entrySet()) {
            if (!KEYS.contains(e.getKey()))
                throw new ContentException(e.getValue().line(), "unknown key '" + e.getKey() + "' in a question (known: "
                        + String.join(", ", KEYS.stream().sorted().toList()) + ")");
        }
        YamlNode idNode = required(m, "id", line);
        String id = idNode.scalar("id").trim();
        if (!id.matches("[A-Za-z0-9_-]+"))
            throw new ContentException(idNode.line(), "question id '" + id + "' may use only letters, digits, - and _");
        if (!seenIds.add(id)) throw new ContentException(idNode.line(), "duplicate question id '" + id + "' in this lesson");
        String what = "question '" + id + "'";
        YamlNode typeNode = required(m, "type", line);
        String typeName = typeNode.scalar("type").trim().toLowerCase(Locale.ROOT);
        QuizQuestion.Type type = switch (typeName) {
            case "single" -> QuizQuestion.Type.SINGLE;
            case "multiple" -> QuizQuestion.Type.MULTIPLE;
            case "numeric" -> QuizQuestion.Type.NUMERIC;
            case "text" -> QuizQuestion.Type.TEXT;
            default -> throw new ContentException(typeNode.line(),
                    what + ": type must be single, multiple, numeric or text, was '" + typeName + "'");
        };
        String prompt = required(m, "prompt", line).scalar(what + ": prompt");
        boolean choice = type == QuizQuestion.Type.SINGLE || type == QuizQuestion.Type.MULTIPLE;
        List<String> options = List.of();
        if (choice) {
            YamlNode optNode = m.get("options");
            if (optNode == null) throw new ContentException(line, what + ": a " + typeName + " question needs 'options:'");
            options = optNode.scalars(what + ": options");
            if (options.size() < 2) throw new ContentException(optNode.line(), what + ": needs at least two options");
        } else if (m.containsKey("options")) {
            throw new ContentException(m.get("options").line(), what + ": options are only for single and multiple questions");
        }
        if (m.containsKey("tolerance") && type != QuizQuestion.Type.NUMERIC)
            throw new ContentException(m.get("tolerance").line(), what + ": tolerance is only for numeric questions");
        YamlNode answer = m.get("answer");
        if (answer == null) throw new ContentException(line, what + ": has no 'answer:' (no correct option)");

        List<Integer> correct = List.of();
        double number = 0, tolerance = 0;
        List<String> accepted = List.of();
        switch (type) {
            case SINGLE -> correct = List.of(index(answer, options.size(), what));
            case MULTIPLE -> {
                List<Integer> idx = new ArrayList<>();
                for (YamlNode n : answer.sequence(what + ": answer (a list of option indices)")) {
                    int i = index(n, options.size(), what);
                    if (idx.contains(i)) throw new ContentException(n.line(), what + ": option " + i + " is listed twice in answer");
                    idx.add(i);
                }
                if (idx.isEmpty()) throw new ContentException(answer.line(), what + ": answer lists no correct option");
                correct = idx.stream().sorted().toList();
            }
            case NUMERIC -> {
                number = answer.number(what + ": answer");
                if (m.containsKey("tolerance")) {
                    tolerance = m.get("tolerance").number(what + ": tolerance");
                    if (tolerance < 0) throw new ContentException(m.get("tolerance").line(), what + ": tolerance must not be negative");
                }
            }
            case TEXT -> {
                accepted = answer.isSequence() ? answer.scalars(what + ": answer") : List.of(answer.scalar(what + ": answer"));
                if (accepted.stream().allMatch(a -> QuizGrader.normalize(a).isEmpty()))
                    throw new ContentException(answer.line(), what + ": answer has no accepted text");
            }
        }
        String explanation = m.containsKey("explanation") ? m.get("explanation").scalar(what + ": explanation") : "";
        List<String> optionsHtml = new ArrayList<>();
        for (String o : options) optionsHtml.add(markdown.renderSnippet(o, lessonId));
        return new QuizQuestion(id, type, markdown.renderSnippet(prompt, lessonId), List.copyOf(optionsHtml), correct,
                number, tolerance, accepted, explanation.isBlank() ? "" : markdown.renderSnippet(explanation, lessonId), line, position);
    }

    private static YamlNode required(Map<String, YamlNode> m, String key, int line) throws ContentException {
        YamlNode n = m.get(key);
        if (n == null) throw new ContentException(line, "a question needs '" + key + ":'");
        return n;
    }

    private static int index(YamlNode n, int optionCount, String what) throws ContentException {
        long i = n.integer(what + ": answer index");
        if (i < 0 || i >= optionCount)
            throw new ContentException(n.line(), what + ": answer index " + i + " is out of range (options are 0.."
                    + (optionCount - 1) + ")");
        return (int) i;
    }
}
