package dev.nlulab.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nlulab.identity.Role;
import dev.nlulab.ml.TinyModels;
import dev.nlulab.ml.course.CourseTokenizerConfig;
import dev.nlulab.web.TestClient;
import dev.nlulab.web.TestServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A platform serving a tiny model (with the course model's chat template) at /v1, and callers that hold
 * keys made on the API keys page, as a student would make them.
 */
final class ApiFixture implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    final TestServer server;
    final Path modelDir;
    private int users;
    private boolean closed;

    ApiFixture(Path modelDir, Map<String, String> settings) {
        this.modelDir = modelDir;
        TinyModels.writeWithTokenizer(modelDir);
        CourseTokenizerConfig.write(modelDir, 1024);
        java.util.Map<String, String> s = new java.util.HashMap<>(Map.of("model.dir", modelDir.toString(), "model.max.tokens", "900"));
        s.putAll(settings);
        server = TestServer.start(s, List.of());
        server.user("first@uni.edu", Role.ADMIN);
    }

    /** A new student, signed in to the pages. */
    TestClient student() {
        return server.signedIn("student" + (++users) + "@uni.edu", Role.STUDENT);
    }

    /** A key of a new student, made on the API keys page. */
    String key() {
        return student().apiKey("test");
    }

    String model() {
        return modelDir.getFileName().toString();
    }

    HttpResponse<String> get(String path, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url(path))).GET();
        if (key != null) b.header("Authorization", "Bearer " + key);
        return send(b.build());
    }

    HttpResponse<String> post(String path, String key, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url(path))).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) b.header("Authorization", "Bearer " + key);
        return send(b.build());
    }

    HttpResponse<String> post(String path, String key, Map<String, ?> body) {
        try {
            return post(path, key, JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    HttpResponse<String> send(HttpRequest request) {
        return new TestClient(server).send(request);
    }

    static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON (" + r.statusCode() + "): " + r.body());
        }
    }

    @Override
    public void close() {
        if (closed) return; // a test may stop the server early
        closed = true;
        server.close();
    }
}
