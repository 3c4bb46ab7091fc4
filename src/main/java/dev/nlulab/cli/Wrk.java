package dev.nlulab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The wrk load generator: a fixed number of connections for a fixed time, figures read from the JSON line its script prints. */
final class Wrk {
    private static final String MARK = "WRK ";

    /** One run's figures; latencies in milliseconds. */
    record Result(long requests, double seconds, double p50, double p99, long timeouts, long errors, long non2xx) {
        double perSecond() { return requests / seconds; }
    }

    private final Path executable;
    private final int threads;
    private final int connections;

    Wrk(Path executable, int threads, int connections) {
        this.executable = executable;
        this.threads = threads;
        this.connections = connections;
    }

    /**
     * A script that sends the given cookies, one per request in turn (a class), or one cookie on every
     * request when there is only one; and prints the figures as one JSON line at the end.
     */
    static Path script(Path file, List<String> cookies) throws IOException {
        StringBuilder lua = new StringBuilder();
        if (cookies.size() == 1) {
            lua.append("wrk.headers[\"Cookie\"] = \"").append(cookies.get(0)).append("\"\n");
        } else if (!cookies.isEmpty()) {
            lua.append("cookies = {");
            for (String c : cookies) lua.append('"').append(c).append("\",");
            lua.append("}\nlocal i = 0\nrequest = function()\n  i = i + 1\n  wrk.headers[\"Cookie\"] = cookies[(i % #cookies) + 1]\n"
                    + "  return wrk.format(nil)\nend\n");
        }
        lua.append("done = function(summary, latency, requests)\n  io.write(string.format('").append(MARK)
                .append("{\"requests\":%.0f,\"us\":%.0f,\"timeouts\":%.0f,\"errors\":%.0f,\"status\":%.0f,\"p50\":%.0f,\"p99\":%.0f}\\n',\n")
                .append("    summary.requests, summary.duration, summary.errors.timeout,\n")
                .append("    summary.errors.connect + summary.errors.read + summary.errors.write, summary.errors.status,\n")
                .append("    latency:percentile(50), latency:percentile(99)))\nend\n");
        return Files.writeString(file, lua.toString());
    }

    Result run(String url, Path script, int seconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(executable.toString(), "-t" + threads, "-c" + connections, "-d" + seconds + "s",
                "--timeout", "2s", "-s", script.toString(), url).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        String line = out.lines().filter(l -> l.startsWith(MARK)).findFirst()
                .orElseThrow(() -> new IOException("wrk gave no figures for " + url + ":\n" + out));
        JsonNode j = new ObjectMapper().readTree(line.substring(MARK.length()));
        return new Result(j.get("requests").asLong(), j.get("us").asDouble() / 1e6, j.get("p50").asDouble() / 1000,
                j.get("p99").asDouble() / 1000, j.get("timeouts").asLong(), j.get("errors").asLong(), j.get("status").asLong());
    }
}
