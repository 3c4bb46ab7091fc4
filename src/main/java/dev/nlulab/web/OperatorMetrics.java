package dev.nlulab.web;

import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What an operator watches, in the Prometheus text format at {@code /admin/metrics} (admins only): the latency of
 * every request by route template (not by path, so ids do not multiply the series), and gauges the wiring adds
 * (job states, pending submissions, the shared model's queue), read when the page is scraped.
 */
public final class OperatorMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Histogram requests = Histogram.builder().name("nlulab_http_request_duration_seconds")
            .help("Time to answer a request, by method, route template and status class")
            .labelNames("method", "route", "status")
            .classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
            .classicOnly()   // the text format shows the classic buckets alone; native ones would cost each request for nothing
            .register(registry);

    private final Counter fromMemory = Counter.builder().name("nlulab_http_pages_from_memory")
            .help("Pages answered from memory ahead of the application, by route template")
            .labelNames("route")
            .register(registry);

    /** Records one answered request. */
    void observe(Context ctx, float millis) {
        Endpoint e = ctx.endpoints().lastHttpEndpoint();
        String route = e != null ? e.path : ctx.path().startsWith("/static/") ? "/static/*" : "unmatched";
        observe(ctx.method().name(), route, ctx.statusCode(), millis);
    }

    /** Records one page answered from memory ({@link MemoryLane}). */
    void fromMemory(String route, float millis) {
        fromMemory.labelValues(route).inc();
        observe("GET", route, 200, millis);
    }

    /** Records one answered request by its route template. */
    void observe(String method, String route, int status, float millis) {
        requests.labelValues(method, route, status / 100 + "xx").observe(millis / 1000.0);
    }

    /** A gauge with one label whose values {@code read} gives at each scrape (e.g. job state to count). */
    public void gauge(String name, String help, String label, Supplier<Map<String, ? extends Number>> read) {
        GaugeWithCallback.builder().name(name).help(help).labelNames(label)
                .callback(cb -> read.get().forEach((value, n) -> cb.call(n.doubleValue(), value)))
                .register(registry);
    }

    /** A gauge of one number. */
    public void gauge(String name, String help, Supplier<? extends Number> read) {
        GaugeWithCallback.builder().name(name).help(help).callback(cb -> cb.call(read.get().doubleValue())).register(registry);
    }

    void page(Context ctx) throws IOException {
        PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.write(out, registry.scrape());
        ctx.header("Cache-Control", "no-store").contentType(writer.getContentType()).result(out.toByteArray());
    }
}
