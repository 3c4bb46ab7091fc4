package dev.nlulab.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nlulab.cli.RushLab;
import dev.nlulab.identity.Role;
import dev.nlulab.jobs.TestKinds;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A corpus of bad input sent to a running server, each case as a student, an instructor or a stranger would send
 * it: forms, uploads, job forms, path and query parameters, the quiz API. Over all of it: no server error, no
 * script of ours comes back unescaped (so none could run), and what was stored before is still there.
 */
class BadInputCorpusTest {
    /** Markers that a page would run as script if they came back as they went in. */
    static final String SCRIPT = "<script>alert('nlulab-xss')</script>";
    static final String IMG = "\"><img src=x onerror=alert('nlulab-xss')>";
    static final List<String> PAYLOADS = List.of("", " ", "x".repeat(20_000), SCRIPT, IMG, "'; DROP TABLE users; --",
            "${7*7}", "[[${T(java.lang.Runtime).getRuntime().exec('id')}]]", "__${T(java.lang.Runtime).getRuntime()}__::x",
            "\u0000", "a\u0000b", "\u202eevil", "😀".repeat(500), "../../../../etc/passwd", "..\\..\\windows\\win.ini",
            "-1", "99999999999999999999999", "NaN", "1e309", "{\"a\":", "%00%2e%2e%2f", "\r\nSet-Cookie: x=1", "null");

    @TempDir
    static Path tmp;
    static TestServer server;
    static TestClient student, instructor, admin;
    static long studentId;
    static String apiKey;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.start(Map.of("course.dir", new RushLab("corpus", 1000, 1000, TestKinds.SLEEP_EXERCISE).writeCourse(tmp.resolve("course"), Path.of("")).toString(), "model.dir", tinyModel().toString(), "model.max.tokens", "8",
                "api.requests.per.minute", "100000",
                "jobs.tick.ms", "3600000"), List.of());
        admin = server.signedIn("root@uni.edu", Role.ADMIN);
        instructor = server.signedIn("prof@uni.edu", Role.INSTRUCTOR);
        student = server.signedIn("ada@uni.edu", Role.STUDENT);
        studentId = server.platform.accounts().users().byEmail("ada@uni.edu").orElseThrow().id();
        server.platform.accounts().invites().rotate(studentId);
        apiKey = student.apiKey("corpus");
    }

    @AfterAll
    static void stop() { server.close(); }

    /** A case and what its answer must be besides no server error: for a bad /v1 request, an OpenAI-shaped 4xx. */
    record Case(String name, Supplier<HttpResponse<String>> send, boolean openAiError) {
        Case(String name, Supplier<HttpResponse<String>> send) {
            this(name, send, false);
        }
    }

    @Test
    void noBadInputGivesAServerErrorRunsAScriptOrLosesData() {
        student.get("/labs/corpus");
        HttpResponse<String> good = student.upload("/labs/corpus/cls/submissions", "predictions", "p.csv", RushLab.PREDICTIONS);
        assertThat(good.headers().firstValue("Location").orElse("")).contains("submission=");
        String before = stored();

        List<Case> cases = cases();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(200);
        List<String> failures = new ArrayList<>();
        for (Case c : cases) {
            HttpResponse<String> r;
            try {
                r = c.send().get();
            } catch (UncheckedIOException e) {
                // the server closes a connection after refusing a request it did not read whole (a URI with %00, a body
                // it would not take); the client's next request on that pooled connection fails. Once more, on a new one:
                try {
                    r = c.send().get();
                } catch (UncheckedIOException again) {
                    failures.add(c.name() + ": no answer: " + again);
                    continue;
                }
            }
            if (r.statusCode() >= 500) failures.add(c.name() + ": " + r.statusCode() + " " + abbreviate(r.body()));
            else if (c.openAiError() && !openAiError(r)) failures.add(c.name() + ": not an OpenAI-shaped 4xx: " + r.statusCode() + " " + abbreviate(r.body()));
            if (rendersMarkup(r)) failures.add(c.name() + ": a script came back unescaped in " + r.headers().firstValue("Content-Type").orElse("?"));
            if (r.headers().firstValue("x").isPresent()) failures.add(c.name() + ": a header was injected");
        }
        assertThat(failures).as("of %d cases", cases.size()).isEmpty();
        assertThat(stored()).as("what was stored before the corpus").isEqualTo(before);
        assertThat(new TestClient(server).get("/login").statusCode()).isEqualTo(200);
        student.post("/logout", Map.of()); // her browser signs in again, whatever the corpus's failed sign-ins from her address
        student.signIn("ada@uni.edu", TestServer.PASSWORD);
        assertThat(student.get("/labs/corpus").body()).contains(">graded<");
    }

    /**
     * Whether a marker came back where a browser would run it: anywhere in an HTML page, or in a JSON field the page's
     * script puts into innerHTML (named ...Html); JSON error messages are shown as text, CSV and text files as text.
     */
    private static boolean rendersMarkup(HttpResponse<String> r) {
        String type = r.headers().firstValue("Content-Type").orElse("");
        if (type.startsWith("text/html")) return r.body().contains(SCRIPT) || r.body().contains("<img src=x onerror");
        if (!type.startsWith("application/json")) return false;
        try {
            List<String> html = new ArrayList<>();
            new ObjectMapper().readTree(r.body()).findParents("feedbackHtml").forEach(n -> html.add(n.get("feedbackHtml").asText()));
            return html.stream().anyMatch(h -> h.contains(SCRIPT) || h.contains("<img src=x onerror"));
        } catch (IOException e) {
            return true; // not the JSON it says it is
        }
    }

    /** A 4xx whose body is {"error": {"message": ..., "type": ..., "param": ..., "code": ...}}, as OpenAI's clients read it. */
    private static boolean openAiError(HttpResponse<String> r) {
        if (r.statusCode() < 400 || r.statusCode() >= 500) return false;
        try {
            var error = new ObjectMapper().readTree(r.body()).get("error");
            return error != null && !error.path("message").asText().isBlank() && !error.path("type").asText().isBlank()
                    && error.has("param") && error.has("code");
        } catch (IOException e) {
            return false;
        }
    }

    /** The accounts and the graded submissions, as rows: the corpus must leave them as they were. */
    private static String stored() {
        return server.platform.db().jdbi().withHandle(h -> h.createQuery("SELECT id, email, role, password_hash FROM users ORDER BY id")
                .mapToMap().list().toString() + h.createQuery("SELECT id, user_id, status, public_score FROM submissions "
                        + "WHERE status = 'GRADED' ORDER BY id").mapToMap().list());
    }

    private static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (String p : PAYLOADS) {
            String q = URLEncoder.encode(p, StandardCharsets.UTF_8).replace("+", "%20");
            String shown = abbreviate(p);
            TestClient stranger = new TestClient(server);
            cases.add(new Case("sign-in " + shown, () -> { stranger.get("/login"); return stranger.post("/login", Map.of("email", p, "password", p, "next", p)); }));
            cases.add(new Case("sign-up " + shown, () -> { stranger.get("/signup"); return stranger.post("/signup", Map.of("email", p, "name", p, "password", p, "invite", p)); }));
            cases.add(new Case("sign-up name " + shown, () -> { stranger.get("/signup"); return stranger.post("/signup",
                    Map.of("email", "new@uni.edu", "name", p, "password", "long-enough-pass", "invite", "WRONG-CODE-0000")); }));
            cases.add(new Case("claim link " + shown, () -> stranger.get("/claim/" + q)));
            cases.add(new Case("set-up link " + shown, () -> stranger.post("/setup/" + q, Map.of("email", p, "name", p, "password", p))));
            cases.add(new Case("login next " + shown, () -> stranger.get("/login?next=" + q)));
            cases.add(new Case("lab " + shown, () -> student.get("/labs/" + q)));
            cases.add(new Case("exercise board " + shown, () -> student.get("/labs/corpus/" + q + "/leaderboard?board=" + q)));
            cases.add(new Case("lab data file " + shown, () -> student.get("/labs/corpus/data/" + q)));
            cases.add(new Case("lesson " + shown, () -> student.get("/lessons/" + q + "/" + q)));
            cases.add(new Case("lesson image " + shown, () -> student.get("/lessons/representations/img/" + q)));
            cases.add(new Case("search " + shown, () -> student.get("/search?q=" + q)));
            cases.add(new Case("job " + shown, () -> student.get("/jobs/" + q)));
            cases.add(new Case("jobs filter " + shown, () -> student.get("/jobs?state=" + q)));
            cases.add(new Case("submitted file " + shown, () -> student.get("/labs/corpus/cls/submissions/" + q + "/file")));
            cases.add(new Case("final choice " + shown, () -> student.post("/labs/corpus/cls/final", Map.of("submission", p))));
            cases.add(new Case("job form " + shown, () -> student.post("/labs/corpus/sleep/jobs", Map.of("seconds", p))));
            cases.add(new Case("quiz answer " + shown, () -> student.post("/api/quiz/representations/01-tokenization/bpe-first-merge",
                    Map.of("answer", p))));
            cases.add(new Case("model prompt " + shown, () -> student.post("/model", Map.of("prompt", p, "max_tokens", p))));
            cases.add(new Case("upload content " + shown, () -> student.upload("/labs/corpus/cls/submissions", "predictions", "p.csv",
                    ("id,prediction\nq0," + p + "\n" + p + ",a\n").getBytes(StandardCharsets.UTF_8))));
            cases.add(new Case("upload file name " + shown, () -> student.upload("/labs/corpus/cls/submissions", "predictions",
                    p.replace("\"", "").replace("\r\n", ""), "id,prediction\nq0,\n".getBytes(StandardCharsets.UTF_8))));
            cases.add(new Case("extension " + shown, () -> instructor.post("/labs/corpus/cls/extensions", Map.of("user", p, "deadline", p))));
            cases.add(new Case("extension date " + shown, () -> instructor.post("/labs/corpus/cls/extensions",
                    Map.of("user", Long.toString(studentId), "deadline", p))));
            cases.add(new Case("regrade " + shown, () -> instructor.post("/labs/corpus/cls/submissions/" + q + "/regrade", Map.of())));
            cases.add(new Case("roster " + shown, () -> instructor.upload("/instructor/roster", "roster", "r.csv",
                    ("email,name,role\n" + p + "," + p + "," + p + "\n").getBytes(StandardCharsets.UTF_8))));
            cases.add(new Case("role " + shown, () -> admin.post("/admin/users/" + q + "/role", Map.of("role", p))));
            cases.add(new Case("role of a user " + shown, () -> admin.post("/admin/users/" + studentId + "/role", Map.of("role", p))));
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("binary", new byte[]{0, 1, 2, (byte) 0xff, (byte) 0xfe, 0x7f, '\n', 0});
        files.put("not UTF-8", "id,prediction\nq0,caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        files.put("BOM and CRLF", "\uFEFFid,prediction\r\nq0,a\r\nq1,b\r\n".getBytes(StandardCharsets.UTF_8));
        files.put("JSON lines of the wrong shape", "{\"id\": [1,2], \"prediction\": {\"a\": 1}}\n[1,2,3]\n\"text\"\n".getBytes(StandardCharsets.UTF_8));
        files.put("JSON cut off", "{\"id\": \"q0\", \"prediction\": \"a".getBytes(StandardCharsets.UTF_8));
        files.put("deep JSON", ("{\"id\":\"q0\",\"prediction\":" + "[".repeat(5000) + "]".repeat(5000) + "}\n").getBytes(StandardCharsets.UTF_8));
        files.put("one long line", ("id,prediction\nq0," + "a".repeat(2_000_000) + "\n").getBytes(StandardCharsets.UTF_8));
        files.put("a million empty lines", "\n".repeat(1_000_000).getBytes(StandardCharsets.UTF_8));
        files.put("unclosed quote", "id,prediction\n\"q0,a\nq1,b\n".getBytes(StandardCharsets.UTF_8));
        files.put("duplicate ids", "id,prediction\nq0,a\nq0,b\n".getBytes(StandardCharsets.UTF_8));
        files.put("unknown ids", "id,prediction\nzz,a\n".getBytes(StandardCharsets.UTF_8));
        files.put("formula cells", "id,prediction\nq0,=HYPERLINK(\"http://x\")\nq1,+cmd|' /C calc'!A0\n".getBytes(StandardCharsets.UTF_8));
        files.put("header only", "id,prediction\n".getBytes(StandardCharsets.UTF_8));
        files.put("empty", new byte[0]);
        files.put("a zip", new byte[]{'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0});
        files.forEach((what, bytes) -> {
            cases.add(new Case("predictions file: " + what, () -> student.upload("/labs/corpus/cls/submissions", "predictions", "p.csv", bytes)));
            cases.add(new Case("roster file: " + what, () -> instructor.upload("/instructor/roster", "roster", "r.csv", bytes)));
        });
        cases.addAll(v1Cases());
        return cases;
    }

    /** Bad calls of the OpenAI-compatible /v1 API: each must get a 4xx in OpenAI's error shape. */
    private static List<Case> v1Cases() {
        String model = "\"tiny-model\"";
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("empty body", "");
        bodies.put("malformed JSON", "{\"model\": " + model + ", \"prompt\": ");
        bodies.put("a JSON array", "[1, 2, 3]");
        bodies.put("a JSON string", "\"hello\"");
        bodies.put("JSON null", "null");
        bodies.put("deep JSON", "{\"model\": " + model + ", \"prompt\": " + "[".repeat(5000) + "]".repeat(5000) + "}");
        bodies.put("prompt a number", "{\"model\": " + model + ", \"prompt\": 5}");
        bodies.put("prompt an object", "{\"model\": " + model + ", \"prompt\": {\"a\": 1}}");
        bodies.put("prompt missing", "{\"model\": " + model + "}");
        bodies.put("model missing", "{\"prompt\": \"hi\"}");
        bodies.put("model a number", "{\"model\": 7, \"prompt\": \"hi\"}");
        bodies.put("unknown model", "{\"model\": \"gpt-4\", \"prompt\": \"hi\"}");
        bodies.put("model a path", "{\"model\": \"../../etc/passwd\", \"prompt\": \"hi\"}");
        bodies.put("max_tokens a string", "{\"model\": " + model + ", \"prompt\": \"hi\", \"max_tokens\": \"ten\"}");
        bodies.put("max_tokens huge", "{\"model\": " + model + ", \"prompt\": \"hi\", \"max_tokens\": 1000000000}");
        bodies.put("max_tokens beyond long", "{\"model\": " + model + ", \"prompt\": \"hi\", \"max_tokens\": 99999999999999999999}");
        bodies.put("max_tokens 1e309", "{\"model\": " + model + ", \"prompt\": \"hi\", \"max_tokens\": 1e309}");
        bodies.put("max_tokens negative", "{\"model\": " + model + ", \"prompt\": \"hi\", \"max_tokens\": -5}");
        bodies.put("max_tokens fractional", "{\"model\": " + model + ", \"prompt\": \"hi\", \"max_tokens\": 2.5}");
        bodies.put("n negative", "{\"model\": " + model + ", \"prompt\": \"hi\", \"n\": -1}");
        bodies.put("n zero", "{\"model\": " + model + ", \"prompt\": \"hi\", \"n\": 0}");
        bodies.put("n huge", "{\"model\": " + model + ", \"prompt\": \"hi\", \"n\": 100000}");
        bodies.put("n a string", "{\"model\": " + model + ", \"prompt\": \"hi\", \"n\": \"two\"}");
        bodies.put("temperature negative", "{\"model\": " + model + ", \"prompt\": \"hi\", \"temperature\": -1}");
        bodies.put("temperature a string", "{\"model\": " + model + ", \"prompt\": \"hi\", \"temperature\": \"hot\"}");
        bodies.put("top_p over 1", "{\"model\": " + model + ", \"prompt\": \"hi\", \"top_p\": 2}");
        bodies.put("unknown parameter", "{\"model\": " + model + ", \"prompt\": \"hi\", \"frobnicate\": true}");
        bodies.put("oversize prompt", "{\"model\": " + model + ", \"prompt\": \"" + "word ".repeat(20_000) + "\"}");
        bodies.put("stream a string", "{\"model\": " + model + ", \"prompt\": \"hi\", \"stream\": \"yes\"}");
        bodies.put("stream with n negative", "{\"model\": " + model + ", \"prompt\": \"hi\", \"stream\": true, \"n\": -1}");
        bodies.put("stream with max_tokens negative", "{\"model\": " + model + ", \"prompt\": \"hi\", \"stream\": true, \"max_tokens\": -1}");
        bodies.put("stream with bad stream_options", "{\"model\": " + model + ", \"prompt\": \"hi\", \"stream\": true, \"stream_options\": \"x\"}");
        bodies.put("stream with unknown model", "{\"model\": \"gpt-4\", \"prompt\": \"hi\", \"stream\": true}");
        Map<String, String> chats = new LinkedHashMap<>();
        chats.put("messages missing", "{\"model\": " + model + "}");
        chats.put("messages a string", "{\"model\": " + model + ", \"messages\": \"hi\"}");
        chats.put("messages empty", "{\"model\": " + model + ", \"messages\": []}");
        chats.put("a message a number", "{\"model\": " + model + ", \"messages\": [1]}");
        chats.put("a message without role", "{\"model\": " + model + ", \"messages\": [{\"content\": \"hi\"}]}");
        chats.put("an unknown role", "{\"model\": " + model + ", \"messages\": [{\"role\": \"root\", \"content\": \"hi\"}]}");
        chats.put("content an object", "{\"model\": " + model + ", \"messages\": [{\"role\": \"user\", \"content\": {\"a\": 1}}]}");
        chats.put("oversize conversation", "{\"model\": " + model + ", \"messages\": [{\"role\": \"user\", \"content\": \"" + "word ".repeat(20_000) + "\"}]}");
        chats.put("stream with n negative", "{\"model\": " + model + ", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"stream\": true, \"n\": -1}");
        chats.put("max_completion_tokens huge", "{\"model\": " + model + ", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"max_completion_tokens\": 1000000000}");
        Map<String, String> embeddings = new LinkedHashMap<>();
        embeddings.put("input missing", "{\"model\": \"x\"}");
        embeddings.put("input a number", "{\"input\": 5}");
        embeddings.put("input empty", "{\"input\": []}");
        embeddings.put("input of objects", "{\"input\": [{\"a\": 1}]}");
        embeddings.put("bad encoding_format", "{\"input\": \"hi\", \"encoding_format\": \"hex\"}");

        List<Case> cases = new ArrayList<>();
        bodies.forEach((what, body) -> cases.add(new Case("/v1/completions: " + what, () -> v1("/v1/completions", "Bearer " + apiKey, body), true)));
        chats.forEach((what, body) -> cases.add(new Case("/v1/chat/completions: " + what, () -> v1("/v1/chat/completions", "Bearer " + apiKey, body), true)));
        embeddings.forEach((what, body) -> cases.add(new Case("/v1/embeddings: " + what, () -> v1("/v1/embeddings", "Bearer " + apiKey, body), true)));
        String ok = "{\"model\": " + model + ", \"prompt\": \"hi\", \"max_tokens\": 1}";
        Map<String, String> auth = new LinkedHashMap<>();
        auth.put("no Authorization", null);
        auth.put("an empty bearer", "Bearer ");
        auth.put("Basic instead of Bearer", "Basic dXNlcjpwYXNz");
        auth.put("an unknown key", "Bearer nlulab-" + "A".repeat(43));
        auth.put("a key of the wrong shape", "Bearer " + SCRIPT.replace('<', 'x').replace('>', 'x').replace(' ', '_'));
        auth.put("a 4,000-character key", "Bearer " + "x".repeat(4_000)); // over Jetty's 8 KB of headers it answers 431 itself
        auth.forEach((what, header) -> {
            cases.add(new Case("/v1/completions, " + what, () -> v1("/v1/completions", header, ok), true));
            cases.add(new Case("/v1/models, " + what, () -> v1("/v1/models", header, null), true));
        });
        return cases;
    }

    /** A /v1 call with this Authorization header (none when null), a JSON body (a GET when null). */
    private static HttpResponse<String> v1(String path, String authorization, String body) {
        var b = java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url(path)));
        if (authorization != null) b.header("Authorization", authorization);
        if (body == null) b.GET();
        else b.header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(body));
        return new TestClient(server).send(b.build());
    }

    /** A tiny Llama model with the course's tokenizer and chat template, so that /v1 has a model to refuse requests for. */
    private static Path tinyModel() {
        Path dir = tmp.resolve("tiny-model");
        dev.nlulab.ml.TinyModels.writeWithTokenizer(dir);
        dev.nlulab.ml.course.CourseTokenizerConfig.write(dir, 1024);
        return dir;
    }

    private static String abbreviate(String s) {
        String one = s.replaceAll("\\p{Cntrl}", "?");
        return one.length() <= 40 ? "'" + one + "'" : "'" + one.substring(0, 40) + "...' (" + s.length() + " chars)";
    }
}
