package dev.nlulab.encoder;

import ai.onnxruntime.OrtEnvironment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where ONNX Runtime loads its native libraries from. Left alone, it copies them (~20 MB) out of its jar
 * into {@code java.io.tmpdir} on every start and deletes them at exit, so each killed job process leaves a
 * copy behind. Here they are extracted once into the folder that already holds the app's extracted native
 * code ({@code DJL_CACHE_DIR}, set by {@code bin/nlulab} and inherited by job processes) and ONNX Runtime
 * is pointed there with {@code onnxruntime.native.path}. A path the operator set wins; without a cache
 * folder, or on a platform the jar does not cover, ONNX Runtime keeps its default.
 */
final class OnnxRuntimeLibrary {
    static final String PATH_PROPERTY = "onnxruntime.native.path";
    private static final List<String> LIBRARIES = List.of("onnxruntime", "onnxruntime4j_jni"); // loaded in this order

    private OnnxRuntimeLibrary() {
    }

    /** Call before the first use of ONNX Runtime in this JVM. */
    static synchronized void useCache() {
        if (System.getProperty(PATH_PROPERTY) != null) return;
        String cacheRoot = System.getProperty("DJL_CACHE_DIR", System.getenv("DJL_CACHE_DIR"));
        if (cacheRoot == null || cacheRoot.isBlank()) return;
        extractInto(Path.of(cacheRoot)).ifPresent(dir -> System.setProperty(PATH_PROPERTY, dir.toString()));
    }

    /**
     * The folder under {@code cacheRoot} that holds this platform's libraries, extracted first if they are
     * not there yet; empty if the ONNX Runtime jar has none for this platform.
     */
    static Optional<Path> extractInto(Path cacheRoot) {
        String platform = platform();
        String version = OrtEnvironment.class.getPackage().getImplementationVersion();
        if (platform == null || version == null) return Optional.empty();
        if (OrtEnvironment.class.getResource(resource(platform, LIBRARIES.get(0))) == null) return Optional.empty();
        Path dir = cacheRoot.resolve("onnxruntime").resolve(version + "-" + platform).toAbsolutePath();
        try {
            if (!complete(dir)) extract(platform, dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract ONNX Runtime's native libraries into " + dir + ": " + e.getMessage(), e);
        }
        return Optional.of(dir);
    }

    /** Extracts into a private folder, then renames it into place: processes starting together never see half a copy. */
    private static void extract(String platform, Path dir) throws IOException {
        Files.createDirectories(dir.getParent());
        Path partial = Files.createTempDirectory(dir.getParent(), dir.getFileName() + ".partial-");
        try {
            for (String library : LIBRARIES) {
                try (InputStream in = OrtEnvironment.class.getResourceAsStream(resource(platform, library))) {
                    if (in == null) throw new IOException("the ONNX Runtime jar has no " + resource(platform, library));
                    Files.copy(in, partial.resolve(System.mapLibraryName(library)));
                }
            }
            try {
                Files.move(partial, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                if (!complete(dir)) throw e; // else another process put a complete copy there first
            }
        } finally {
            deleteTree(partial);
        }
    }

    private static boolean complete(Path dir) {
        return LIBRARIES.stream().allMatch(library -> Files.isRegularFile(dir.resolve(System.mapLibraryName(library))));
    }

    private static String resource(String platform, String library) {
        return "/ai/onnxruntime/native/" + platform + "/" + System.mapLibraryName(library);
    }

    /** ONNX Runtime's own name for this platform (the folder in its jar), or null if it ships none. */
    static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String osName = os.contains("linux") ? "linux" : os.contains("mac") || os.contains("darwin") ? "osx"
                : os.contains("win") ? "win" : null;
        String archName = arch.equals("amd64") || arch.equals("x86_64") ? "x64"
                : arch.equals("aarch64") || arch.equals("arm64") ? "aarch64" : null;
        return osName == null || archName == null ? null : osName + "-" + archName;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
