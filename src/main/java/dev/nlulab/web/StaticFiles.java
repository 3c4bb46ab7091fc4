package dev.nlulab.web;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ResourceHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.resource.ResourceFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The files under {@code /static}, served by Jetty itself in front of the application: no session, no
 * request log, with Content-Length, Last-Modified and an ETag. Pages link them with their content's hash
 * ({@code /static/css/app.css?v=1a2b3c4d5e}); such a link, while the hash is the file's, may be kept by the
 * browser for a year, since an edit changes the link. Any other request for the file is revalidated.
 */
final class StaticFiles {
    static final String PATH = "/static";
    static final String FOREVER = "public, max-age=31536000, immutable";
    private static final long CHECK_EVERY_NANOS = 1_000_000_000L;

    private final Path dir;
    private final Map<String, Version> versions = new ConcurrentHashMap<>();
    private final AtomicLong changes = new AtomicLong();
    private volatile long checkedAllNanos = System.nanoTime();

    /** A file's content hash, with the size and time it was taken at and when that was last compared. */
    private record Version(long size, long modified, String hash, long checkedNanos) {}

    StaticFiles(Path dir) {
        this.dir = dir;
    }

    /** The content hash of {@code /static/<path>}, or null when there is no such file. Files are looked at once a second. */
    String version(String path) {
        if (path.contains("..") || path.contains("\\")) return null;
        long now = System.nanoTime();
        Version v = versions.get(path);
        if (v != null && now - v.checkedNanos() < CHECK_EVERY_NANOS) return v.hash();
        Path file = dir.resolve(path);
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            if (!a.isRegularFile()) return null;
            long modified = a.lastModifiedTime().toMillis();
            String hash = v != null && v.size() == a.size() && v.modified() == modified ? v.hash() : hash(file);
            versions.put(path, new Version(a.size(), modified, hash, now));
            if (v != null && !v.hash().equals(hash)) changes.incrementAndGet();
            return hash;
        } catch (IOException e) {
            if (versions.remove(path) != null) changes.incrementAndGet();
            return null;
        }
    }

    /**
     * Moves when a file that pages link has changed: a page kept from before links its old version. The
     * linked files are looked at once a second.
     */
    long changes() {
        long now = System.nanoTime();
        if (now - checkedAllNanos >= CHECK_EVERY_NANOS) {
            checkedAllNanos = now;
            for (String path : versions.keySet()) version(path);
        }
        return changes.get();
    }

    /** A page's link to a static file, with the file's version when it has one. */
    String link(String href) {
        if (!href.startsWith(PATH + "/") || href.indexOf('?') >= 0 || href.indexOf('#') >= 0) return href;
        String version = version(href.substring(PATH.length() + 1));
        return version == null ? href : href + "?v=" + version;
    }

    /** The handler for {@code /static}, to go before the application's own. */
    Handler handler(Server server, List<HttpField> securityHeaders) {
        ResourceHandler files = new ResourceHandler();
        files.setBaseResource(ResourceFactory.of(server).newResource(dir));
        files.setDirAllowed(false);
        files.setEtags(true);
        files.setWelcomeFiles();
        return new ContextHandler(new Headers(files, securityHeaders), PATH);
    }

    /** The security headers every response carries, and how long the file may be kept. */
    private final class Headers extends Handler.Wrapper {
        private static final HttpField KEEP = new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, FOREVER);
        private static final HttpField REVALIDATE = new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "no-cache");
        private final List<HttpField> security;

        Headers(Handler files, List<HttpField> security) {
            super(files);
            this.security = security;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            HttpFields.Mutable h = response.getHeaders();
            for (HttpField f : security) h.add(f);
            String path = Request.getPathInContext(request);
            String query = request.getHttpURI().getQuery();
            boolean current = query != null && query.startsWith("v=") && path.length() > 1
                    && query.substring(2).equals(version(path.substring(1)));
            h.add(current ? KEEP : REVALIDATE);
            return super.handle(request, response, callback);
        }
    }

    private static String hash(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)), 0, 5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
