package dev.nlulab.cli;

import dev.nlulab.store.Database;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deadline rush: {@code uploads} predictions files from a class of signed-in students, sent by {@code clients}
 * concurrent HTTP clients (each its own connections), the students taken in turn and the servers in turn, so the
 * same student's uploads race each other on every server. Afterwards the database is read back: what the servers
 * acknowledged, what they stored, and in what state.
 */
public final class DeadlineRush {
    private static final Pattern SUBMISSION = Pattern.compile("submission=(\\d+)");

    private final List<String> servers;
    private final RushLab lab;
    private final RushClass students;

    /** @param servers base addresses ({@code http://localhost:port}) of servers on one database */
    public DeadlineRush(List<String> servers, RushLab lab, RushClass students) {
        this.servers = List.copyOf(servers);
        this.lab = lab;
        this.students = students;
    }

    /** What one rush did, as the clients saw it and as the database holds it afterwards. */
    public record Result(int uploads, Duration elapsed, long[] latencyNanos, Map<Long, List<Long>> acknowledged, int refused,
                         List<String> failures, Map<Long, List<String>> stored) {
        public double perSecond() { return uploads / (elapsed.toNanos() / 1e9); }

        /** The latency at quantile {@code q} (0..1), in milliseconds. */
        public double latencyMs(double q) {
            long[] sorted = latencyNanos.clone();
            Arrays.sort(sorted);
            return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] / 1e6;
        }

        public int acknowledgedCount() { return acknowledged.values().stream().mapToInt(List::size).sum(); }
    }

    /** One property the rush must have, with what was found. */
    public record Check(String name, boolean ok, String found) {}

    public Result run(int uploads, int clients, Database db) throws InterruptedException {
        List<RushClass.Student> all = students.students();
        AtomicInteger next = new AtomicInteger();
        long[] latencies = new long[uploads];
        Map<Long, List<Long>> acknowledged = new ConcurrentHashMap<>();
        AtomicInteger refused = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            pool.submit(() -> {
                HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
                for (int i = next.getAndIncrement(); i < uploads; i = next.getAndIncrement()) {
                    RushClass.Student s = all.get(i % all.size());
                    String server = servers.get((i / all.size()) % servers.size());
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> r = http.send(request(server, s), HttpResponse.BodyHandlers.ofString());
                        latencies[i] = System.nanoTime() - t0;
                        Matcher m = SUBMISSION.matcher(r.headers().firstValue("Location").orElse(""));
                        if (r.statusCode() == 303 && m.find()) acknowledged.computeIfAbsent(s.id(), k -> Collections.synchronizedList(new ArrayList<>())).add(Long.parseLong(m.group(1)));
                        else if (r.statusCode() == 303) refused.incrementAndGet(); // back to the lab with the limit's message
                        else failures.add("upload " + i + ": HTTP " + r.statusCode() + " " + abbreviate(r.body()));
                    } catch (IOException e) {
                        latencies[i] = System.nanoTime() - t0;
                        failures.add("upload " + i + ": " + e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(30, TimeUnit.MINUTES)) throw new IllegalStateException("the rush did not end within 30 minutes");
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        Map<Long, List<String>> stored = new HashMap<>();
        for (RushClass.Student s : all) {
            stored.put(s.id(), db.jdbi().withHandle(h -> h.createQuery(
                    "SELECT status FROM submissions WHERE user_id = :u AND lab_id = :lab AND exercise_id = 'cls'")
                    .bind("u", s.id()).bind("lab", lab.id()).mapTo(String.class).list()));
        }
        return new Result(uploads, elapsed, latencies, Map.copyOf(acknowledged), refused.get(), List.copyOf(failures), stored);
    }

    /** The properties a rush must have: nothing failed or lost, nothing pending, every limit exact, within the deadline. */
    public List<Check> checks(Result r, Duration deadline, Database db) {
        List<Check> checks = new ArrayList<>();
        checks.add(new Check("no server error or dropped request", r.failures().isEmpty(),
                r.failures().size() + " failed" + (r.failures().isEmpty() ? "" : ", first: " + r.failures().get(0))));
        List<Long> notGraded = new ArrayList<>();
        for (List<Long> ids : r.acknowledged().values()) {
            for (long id : ids) {
                String status = db.jdbi().withHandle(h -> h.createQuery("SELECT status FROM submissions WHERE id = :id")
                        .bind("id", id).mapTo(String.class).findOne().orElse("MISSING"));
                if (!status.equals("GRADED")) notGraded.add(id);
            }
        }
        checks.add(new Check("every acknowledged upload graded", notGraded.isEmpty(),
                r.acknowledgedCount() + " acknowledged, " + notGraded.size() + " not graded " + (notGraded.isEmpty() ? "" : notGraded.subList(0, Math.min(5, notGraded.size())))));
        long storedCount = r.stored().values().stream().mapToLong(List::size).sum();
        checks.add(new Check("none lost, none extra", storedCount == r.acknowledgedCount(), storedCount + " stored, " + r.acknowledgedCount() + " acknowledged"));
        long pending = r.stored().values().stream().flatMap(List::stream).filter("PENDING"::equals).count();
        checks.add(new Check("none pending", pending == 0, pending + " pending"));
        int perStudent = r.uploads() / students.students().size();
        int limit = Math.min(Math.min(lab.dailyLimit(), lab.totalLimit()), perStudent);
        List<String> off = new ArrayList<>();
        r.stored().forEach((id, list) -> { if (list.size() != limit) off.add("student " + id + ": " + list.size()); });
        checks.add(new Check("each student's count exactly the limit (" + limit + ")", off.isEmpty(),
                off.isEmpty() ? students.students().size() + " students at " + limit : off.size() + " off, e.g. " + off.get(0)));
        checks.add(new Check("within " + deadline.toSeconds() + " s", r.elapsed().compareTo(deadline) <= 0,
                String.format(java.util.Locale.ROOT, "%.1f s", r.elapsed().toMillis() / 1000.0)));
        return checks;
    }

    private HttpRequest request(String server, RushClass.Student s) {
        String boundary = "----nlulab" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + s.csrf()
                + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"predictions\"; filename=\"predictions.csv\""
                + "\r\nContent-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        return HttpRequest.newBuilder(URI.create(server + lab.uploadPath())).timeout(Duration.ofSeconds(120))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).header("Cookie", s.cookie())
                .header("Accept", "text/html")
                .POST(HttpRequest.BodyPublishers.ofByteArrays(List.of(head, RushLab.PREDICTIONS, tail))).build();
    }

    private static String abbreviate(String s) {
        String one = s.replaceAll("\\s+", " ");
        return one.length() <= 160 ? one : one.substring(0, 160) + "...";
    }
}
