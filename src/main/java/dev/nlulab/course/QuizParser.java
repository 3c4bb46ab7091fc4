package dev.nlulab.course;

import org.yaml.snakeyaml.nodes.Node;

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
    private final List<LessonProblem> problems;

    QuizParser(LessonMarkdown markdown, Path file, String lessonId, List<LessonProblem> problems) {
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
        YamlTree tree = new YamlTree(firstLine);
        List<QuizQuestion> out = new ArrayList<>();
        try {
            Node root = tree.parse(yaml);
            if (root == null) throw new YamlTree.YamlError(firstLine, "quiz block is empty: it needs 'questions:'");
            Map<String, Node> top = tree.mapping(root, "the quiz block");
            Node list = top.get("questions");
            if (list == null) throw new YamlTree.YamlError(tree.line(root), "quiz block has no 'questions:' list");
            for (String k : top.keySet()) {
                if (!k.equals("questions"))
                    throw new YamlTree.YamlError(tree.line(root), "unknown key '" + k + "' in quiz block (only 'questions')");
            }
            for (Node q : tree.sequence(list, "questions")) {
                try {
                    out.add(question(tree, q, seenIds, firstPosition + out.size()));
                } catch (YamlTree.YamlError e) {
                    problems.add(LessonProblem.error(file, e.line, e.getMessage()));
                }
            }
        } catch (YamlTree.YamlError e) {
            problems.add(LessonProblem.error(file, e.line, e.getMessage()));
        }
        return out;
    }

    private QuizQuestion question(YamlTree tree, Node node, Set<String> seenIds, int position) throws YamlTree.YamlError {
        Map<String, Node> m = tree.mapping(node, "a question");
        int line = tree.line(node);
        for (var e : m.entrySet()) {
            if (!KEYS.contains(e.getKey()))
                throw new YamlTree.YamlError(tree.line(e.getValue()), "unknown key '" + e.getKey() + "' in a question (known: "
                        + String.join(", ", KEYS.stream().sorted().toList()) + ")");
        }
        Node idNode = required(m, "id", line);
        String id = tree.scalar(idNode, "id").trim();
        if (!id.matches("[A-Za-z0-9_-]+"))
            throw new YamlTree.YamlError(tree.line(idNode), "question id '" + id + "' may use only letters, digits, - and _");
        if (!seenIds.add(id)) throw new YamlTree.YamlError(tree.line(idNode), "duplicate question id '" + id + "' in this lesson");
        String what = "question '" + id + "'";
        Node typeNode = required(m, "type", line);
        String typeName = tree.scalar(typeNode, "type").trim().toLowerCase(Locale.ROOT);
        QuizQuestion.Type type = switch (typeName) {
            case "single" -> QuizQuestion.Type.SINGLE;
            case "multiple" -> QuizQuestion.Type.MULTIPLE;
            case "numeric" -> QuizQuestion.Type.NUMERIC;
            case "text" -> QuizQuestion.Type.TEXT;
            default -> throw new YamlTree.YamlError(tree.line(typeNode),
                    what + ": type must be single, multiple, numeric or text, was '" + typeName + "'");
        };
        String prompt = tree.scalar(required(m, "prompt", line), what + ": prompt");
        boolean choice = type == QuizQuestion.Type.SINGLE || type == QuizQuestion.Type.MULTIPLE;
        List<String> options = List.of();
        if (choice) {
            Node optNode = m.get("options");
            if (optNode == null) throw new YamlTree.YamlError(line, what + ": a " + typeName + " question needs 'options:'");
            options = tree.scalars(optNode, what + ": options");
            if (options.size() < 2) throw new YamlTree.YamlError(tree.line(optNode), what + ": needs at least two options");
        } else if (m.containsKey("options")) {
            throw new YamlTree.YamlError(tree.line(m.get("options")), what + ": options are only for single and multiple questions");
        }
        if (m.containsKey("tolerance") && type != QuizQuestion.Type.NUMERIC)
            throw new YamlTree.YamlError(tree.line(m.get("tolerance")), what + ": tolerance is only for numeric questions");
        Node answer = m.get("answer");
        if (answer == null) throw new YamlTree.YamlError(line, what + ": has no 'answer:' (no correct option)");

        List<Integer> correct = List.of();
        double number = 0, tolerance = 0;
        List<String> accepted = List.of();
        switch (type) {
            case SINGLE -> correct = List.of(index(tree, answer, options.size(), what));
            case MULTIPLE -> {
                List<Integer> idx = new ArrayList<>();
                for (Node n : tree.sequence(answer, what + ": answer (a list of option indices)")) {
                    int i = index(tree, n, options.size(), what);
                    if (idx.contains(i)) throw new YamlTree.YamlError(tree.line(n), what + ": option " + i + " is listed twice in answer");
                    idx.add(i);
                }
                if (idx.isEmpty()) throw new YamlTree.YamlError(tree.line(answer), what + ": answer lists no correct option");
                correct = idx.stream().sorted().toList();
            }
            case NUMERIC -> {
                number = tree.number(answer, what + ": answer");
                if (m.containsKey("tolerance")) {
                    tolerance = tree.number(m.get("tolerance"), what + ": tolerance");
                    if (tolerance < 0) throw new YamlTree.YamlError(tree.line(m.get("tolerance")), what + ": tolerance must not be negative");
                }
            }
            case TEXT -> {
                accepted = answer instanceof org.yaml.snakeyaml.nodes.ScalarNode
                        ? List.of(tree.scalar(answer, what + ": answer"))
                        : tree.scalars(answer, what + ": answer");
                if (accepted.stream().allMatch(a -> QuizGrader.normalize(a).isEmpty()))
                    throw new YamlTree.YamlError(tree.line(answer), what + ": answer has no accepted text");
            }
        }
        String explanation = m.containsKey("explanation") ? tree.scalar(m.get("explanation"), what + ": explanation") : "";
        List<String> optionsHtml = new ArrayList<>();
        for (String o : options) optionsHtml.add(markdown.renderSnippet(o, lessonId));
        return new QuizQuestion(id, type, markdown.renderSnippet(prompt, lessonId), List.copyOf(optionsHtml), correct,
                number, tolerance, accepted, explanation.isBlank() ? "" : markdown.renderSnippet(explanation, lessonId), line, position);
    }

    private static Node required(Map<String, Node> m, String key, int line) throws YamlTree.YamlError {
        Node n = m.get(key);
        if (n == null) throw new YamlTree.YamlError(line, "a question needs '" + key + ":'");
        return n;
    }

    private static int index(YamlTree tree, Node n, int optionCount, String what) throws YamlTree.YamlError {
        long i = tree.integer(n, what + ": answer index");
        if (i < 0 || i >= optionCount)
            throw new YamlTree.YamlError(tree.line(n), what + ": answer index " + i + " is out of range (options are 0.."
                    + (optionCount - 1) + ")");
        return (int) i;
    }
}
