package dev.nlulab.course;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vladsch.flexmark.ast.FencedCodeBlock;
import com.vladsch.flexmark.ast.Image;
import com.vladsch.flexmark.ast.Link;
import com.vladsch.flexmark.util.ast.Document;
import com.vladsch.flexmark.util.ast.Node;
import dev.nlulab.content.ContentException;
import dev.nlulab.content.Problem;
import dev.nlulab.content.YamlNode;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one lesson file: file name, UTF-8, front matter, Markdown, quiz and demo blocks, images. The
 * checks that need other lessons (links, prerequisites, duplicate numbers) are {@link LessonValidator}'s.
 */
final class LessonLoader {
    static final Pattern FILE_NAME = Pattern.compile("(\\d{2,3})-([a-z0-9]+(?:-[a-z0-9]+)*)\\.md");
    private static final Set<String> FRONT_MATTER_KEYS = Set.of("title", "summary", "objectives", "minutes", "prerequisites", "aliases");
    private static final Pattern LESSON_ID = Pattern.compile("[a-z0-9-]+/\\d{2,3}-[a-z0-9]+(?:-[a-z0-9]+)*");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A link in a lesson to another lesson (or to an anchor of its own), for the dead-link check. */
    record LessonLinkRef(int line, String url, LessonLinks.Target target) {}

    /** The lesson (null when it has errors), what is wrong with it, and its links to check. */
    record Loaded(Path file, String id, Lesson lesson, List<Problem> problems, List<LessonLinkRef> links,
                  int prerequisitesLine, int aliasesLine) {
        /** A file that could not be read as a lesson at all. */
        static Loaded failed(Path file, String id, List<Problem> problems) {
            return new Loaded(file, id, null, problems, List.of(), 1, 1);
        }

        /** The same file, dropped from what students see (a check across lessons found an error in it). */
        Loaded dropped() {
            return new Loaded(file, id, null, problems, links, prerequisitesLine, aliasesLine);
        }
    }

    private final LessonMarkdown markdown;
    private final Path lessonsDir;

    LessonLoader(LessonMarkdown markdown, Path lessonsDir) {
        this.markdown = markdown;
        this.lessonsDir = lessonsDir;
    }

    Loaded load(Path file, String moduleId) {
        List<Problem> problems = new ArrayList<>();
        String name = file.getFileName().toString();
        Matcher nm = FILE_NAME.matcher(name);
        String id = moduleId + "/" + name.replaceAll("\\.md$", "");
        if (!nm.matches()) {
            problems.add(Problem.error(file, 1, "lesson file name must be <nn>-<slug>.md (two digits, then lower-case "
                    + "words joined by -), was '" + name + "'"));
            return Loaded.failed(file, id, problems);
        }
        String text;
        try {
            text = readUtf8(file);
        } catch (NotUtf8 e) {
            problems.add(Problem.error(file, e.line, "file is not UTF-8: invalid byte sequence at byte " + e.offset
                    + " (save the file as UTF-8)"));
            return Loaded.failed(file, id, problems);
        } catch (IOException e) {
            problems.add(Problem.error(file, 1, "cannot read: " + e.getMessage()));
            return Loaded.failed(file, id, problems);
        }

        String[] lines = text.split("\n", -1);
        FrontMatter fm = frontMatter(file, lines, problems);
        if (fm == null) return Loaded.failed(file, id, problems);

        // The front matter's lines are blanked, not cut, so Markdown line numbers are file line numbers.
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            body.append(i <= fm.closingLine ? "" : lines[i]);
            if (i < lines.length - 1) body.append('\n');
        }
        Document doc = markdown.parse(body.toString());
        List<QuizQuestion> questions = new ArrayList<>();
        List<DemoBlock> demos = new ArrayList<>();
        replaceBlocks(doc, file, id, questions, demos, problems);
        checkImages(doc, file, id, problems);
        List<LessonLinkRef> links = new ArrayList<>();
        collectLinks(doc, id, links);

        String html = markdown.render(doc, id);
        org.jsoup.nodes.Document page = Jsoup.parseBodyFragment(html);
        Set<String> anchors = new LinkedHashSet<>();
        for (Element e : page.select("[id]")) anchors.add(e.id());
        List<Heading> headings = new ArrayList<>();
        for (Element h : page.select("h1[id], h2[id], h3[id], h4[id], h5[id], h6[id]"))
            headings.add(new Heading(h.tagName().charAt(1) - '0', h.id(), h.text()));
        String plain = SearchText.of(page);

        boolean broken = problems.stream().anyMatch(Problem::isError);
        Lesson lesson = broken ? null : new Lesson(id, moduleId, Integer.parseInt(nm.group(1)), nm.group(2), fm.title, fm.summary,
                fm.objectives, fm.minutes, fm.prerequisites, fm.aliases, html, List.copyOf(headings), List.copyOf(questions),
                List.copyOf(demos), Set.copyOf(anchors), plain, file);
        return new Loaded(file, id, lesson, problems, links, fm.prerequisitesLine, fm.aliasesLine);
    }

    private record FrontMatter(int closingLine, String title, String summary, List<String> objectives, int minutes,
                               List<String> prerequisites, int prerequisitesLine, List<String> aliases, int aliasesLine) {}

    /** The YAML between the first two --- lines; null (with a problem) when it cannot be used. */
    private FrontMatter frontMatter(Path file, String[] lines, List<Problem> problems) {
        if (lines.length == 0 || !lines[0].strip().equals("---")) {
            problems.add(Problem.error(file, 1, "a lesson starts with front matter: a --- line, YAML (title, summary, ...), a --- line"));
            return null;
        }
        int close = -1;
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].strip().equals("---")) { close = i; break; }
        }
        if (close < 0) {
            problems.add(Problem.error(file, 1, "front matter is not closed: no second --- line"));
            return null;
        }
        try {
            YamlNode root = YamlNode.parse(String.join("\n", java.util.Arrays.copyOfRange(lines, 1, close)), 2);
            if (root.isNull()) throw new ContentException(1, "front matter is empty: it needs title and summary");
            Map<String, YamlNode> m = root.mapping("front matter");
            for (var e : m.entrySet()) {
                if (!FRONT_MATTER_KEYS.contains(e.getKey()))
                    problems.add(Problem.warning(file, e.getValue().line(), "unknown front matter key '" + e.getKey()
                            + "' (known: title, summary, objectives, minutes, prerequisites, aliases)"));
            }
            String title = requiredText(m, "title", problems, file);
            String summary = requiredText(m, "summary", problems, file);
            List<String> objectives = m.containsKey("objectives") ? m.get("objectives").scalars("objectives") : List.of();
            int minutes = 0;
            if (m.containsKey("minutes")) {
                long v = m.get("minutes").integer("minutes");
                if (v < 0 || v > 1000) throw new ContentException(m.get("minutes").line(), "minutes must be between 0 and 1000");
                minutes = (int) v;
            }
            List<String> prerequisites = lessonIds(m, "prerequisites", "prerequisite");
            // a lesson's former ids (Hugo's "aliases"): students' progress under them moves here, old URLs redirect
            List<String> aliases = lessonIds(m, "aliases", "alias");
            if (title == null || summary == null) return null;
            return new FrontMatter(close, title, summary, List.copyOf(objectives), minutes, prerequisites,
                    lineOf(m, "prerequisites"), aliases, lineOf(m, "aliases"));
        } catch (ContentException e) {
            problems.add(Problem.error(file, e.line(), "front matter: " + e.getMessage()));
            return null;
        }
    }

    /** An optional list of lesson ids, each checked for the form of one. */
    private static List<String> lessonIds(Map<String, YamlNode> m, String key, String what) throws ContentException {
        if (!m.containsKey(key)) return List.of();
        List<String> ids = m.get(key).scalars(key).stream().map(String::strip).toList();
        for (String id : ids) {
            if (!LESSON_ID.matcher(id).matches())
                throw new ContentException(m.get(key).line(), what + " '" + id + "' is not a lesson id like representations/01-tokenization");
        }
        return ids;
    }

    private static int lineOf(Map<String, YamlNode> m, String key) {
        return m.containsKey(key) ? m.get(key).line() : 1;
    }

    private static String requiredText(Map<String, YamlNode> m, String key,
                                       List<Problem> problems, Path file) throws ContentException {
        var n = m.get(key);
        String v = n == null ? null : n.scalar(key).strip();
        if (v == null || v.isEmpty()) {
            problems.add(Problem.error(file, n == null ? 1 : n.line(), "front matter has no " + key + " (required)"));
            return null;
        }
        return v;
    }

    /** ```quiz and ```demo blocks become our nodes; their YAML problems are reported with file lines. */
    private void replaceBlocks(Document doc, Path file, String id, List<QuizQuestion> questions, List<DemoBlock> demos,
                               List<Problem> problems) {
        List<FencedCodeBlock> blocks = new ArrayList<>();
        collect(doc, FencedCodeBlock.class, blocks);
        QuizParser quizParser = new QuizParser(markdown, file, id, problems);
        Set<String> questionIds = new HashSet<>();
        for (FencedCodeBlock block : blocks) {
            String info = block.getInfo().toString().strip();
            int fenceLine = block.getStartLineNumber() + 1;
            String yaml = block.getContentChars().toString();
            if (info.equals("quiz")) {
                List<QuizQuestion> qs = quizParser.parse(yaml, fenceLine + 1, questionIds, questions.size() + 1);
                questions.addAll(qs);
                block.insertBefore(new LessonNodes.Quiz(block.getChars(), id, qs));
                block.unlink();
            } else if (info.equals("demo")) {
                DemoBlock demo = demo(file, yaml, fenceLine, problems);
                if (demo == null) continue;
                demos.add(demo);
                String json;
                try {
                    json = JSON.writeValueAsString(demo.params());
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("demo params are plain YAML values", e);
                }
                block.insertBefore(new LessonNodes.Demo(block.getChars(), demo.name(), json));
                block.unlink();
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static DemoBlock demo(Path file, String yaml, int fenceLine, List<Problem> problems) {
        try {
            YamlNode root = YamlNode.parse(yaml, fenceLine + 1);
            if (root.isNull()) throw new ContentException(fenceLine, "demo block is empty: it needs 'name:'");
            Map<String, YamlNode> m = root.mapping("the demo block");
            for (var e : m.entrySet()) {
                if (!e.getKey().equals("name") && !e.getKey().equals("params"))
                    throw new ContentException(e.getValue().line(), "unknown key '" + e.getKey() + "' in demo block (name, params)");
            }
            if (!m.containsKey("name")) throw new ContentException(fenceLine, "demo block has no 'name:'");
            String name = m.get("name").scalar("demo name").strip();
            if (!DemoRegistry.isKnown(name))
                throw new ContentException(m.get("name").line(), "unknown demo '" + name + "' (known: "
                        + String.join(", ", DemoRegistry.NAMES) + ")");
            Map<String, Object> params = Map.of();
            if (m.containsKey("params")) {
                m.get("params").mapping("demo params");
                params = (Map<String, Object>) m.get("params").toJava();
            }
            return new DemoBlock(name, params, fenceLine);
        } catch (ContentException e) {
            problems.add(e.in(file));
            return null;
        }
    }

    private void checkImages(Document doc, Path file, String id, List<Problem> problems) {
        List<Image> images = new ArrayList<>();
        collect(doc, Image.class, images);
        for (Image img : images) {
            String url = img.getUrl().toString();
            if (!LessonLinks.isRelative(url)) continue;
            int line = img.getStartLineNumber() + 1;
            var path = LessonLinks.imagePath(id, url);
            if (path.isEmpty()) {
                problems.add(Problem.warning(file, line, "image '" + url + "' points outside the lessons folder"));
            } else if (!Files.isRegularFile(lessonsDir.resolve(path.get()))) {
                problems.add(Problem.warning(file, line, "missing image '" + url + "' (no file " + path.get() + ")"));
            }
        }
    }

    private static void collectLinks(Document doc, String id, List<LessonLinkRef> out) {
        List<Link> links = new ArrayList<>();
        collect(doc, Link.class, links);
        for (Link link : links) {
            String url = link.getUrl().toString();
            LessonLinks.lessonLink(id, url).ifPresent(t -> out.add(new LessonLinkRef(link.getStartLineNumber() + 1, url, t)));
        }
    }

    private static <T extends Node> void collect(Node node, Class<T> type, List<T> out) {
        for (Node c = node.getFirstChild(); c != null; c = c.getNext()) {
            if (type.isInstance(c)) out.add(type.cast(c));
            collect(c, type, out);
        }
    }

    private static final class NotUtf8 extends Exception {
        final int line;
        final long offset;

        NotUtf8(int line, long offset) {
            super("not UTF-8");
            this.line = line;
            this.offset = offset;
        }
    }

    /** Strict UTF-8 (a BOM is dropped); a bad byte is reported with its line. */
    private static String readUtf8(Path file) throws IOException, NotUtf8 {
        byte[] bytes = Files.readAllBytes(file);
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult r = dec.decode(in, out, true);
        if (!r.isError()) r = dec.flush(out);
        if (r.isError()) {
            int bad = in.position();
            int line = 1;
            for (int i = 0; i < bad; i++) if (bytes[i] == '\n') line++;
            throw new NotUtf8(line, bad);
        }
        out.flip();
        String s = out.toString();
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }
}
