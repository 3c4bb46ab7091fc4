package dev.nlulab.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A browser-like HTTP client for route tests: keeps cookies, sends the CSRF token, never follows redirects. */
public final class TestClient {
    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern API_KEY = Pattern.compile("value=\"(nlulab-[A-Za-z0-9_-]{43})\"");
    private final UnaryOperator<String> url;
    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient http;
    private String csrf;

    public TestClient(TestServer server) {
        this(server::url);
    }

    /** A client of any server: {@code url} turns a path into the full address. */
    public TestClient(UnaryOperator<String> url) {
        this.url = url;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    public HttpResponse<String> get(String path) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url.apply(path))).GET().header("Accept", "text/html").build());
        Matcher m = CSRF_FIELD.matcher(r.body());
        if (m.find()) csrf = m.group(1);
        return r;
    }

    /** Posts a form with the CSRF token this client last saw. */
    public HttpResponse<String> post(String path, Map<String, String> form) {
        Map<String, String> f = new LinkedHashMap<>(form);
        f.putIfAbsent("_csrf", csrfToken());
        return postRaw(path, f);
    }

    /** Posts a form exactly as given (no token added). */
    public HttpResponse<String> postRaw(String path, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(url.apply(path)))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** Posts one file as multipart/form-data, with the CSRF token as a form field. */
    public HttpResponse<String> upload(String path, String field, String fileName, byte[] content) {
        String boundary = "----nlulab" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + csrfToken()
                + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\""
                + fileName + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + content.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(content, 0, body, head.length, content.length);
        System.arraycopy(tail, 0, body, head.length + content.length, tail.length);
        return send(HttpRequest.newBuilder(URI.create(url.apply(path)))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).header("Accept", "text/html")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public void signIn(String email, String password) {
        get("/login");
        HttpResponse<String> r = post("/login", Map.of("email", email, "password", password));
        if (r.statusCode() != 302) throw new IllegalStateException("sign-in failed: " + r.statusCode() + " " + r.body());
        get("/");
    }

    /** Makes an API key on the API keys page, as its user would, and returns the key the page shows once. */
    public String apiKey(String name) {
        get("/account/api-keys");
        HttpResponse<String> r = post("/account/api-keys", Map.of("name", name));
        Matcher m = API_KEY.matcher(r.body());
        if (r.statusCode() != 200 || !m.find()) throw new IllegalStateException("no key on the page: " + r.statusCode() + " " + r.body());
        return m.group(1);
    }

    public String csrfToken() {
        if (csrf == null) get("/login");
        if (csrf == null) {
            for (HttpCookie c : cookies.getCookieStore().getCookies()) if (c.getName().equals("nlulab_csrf")) csrf = c.getValue();
        }
        return csrf;
    }

    public String cookie(String name) {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name))
                .map(HttpCookie::getValue).findFirst().orElse(null);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
