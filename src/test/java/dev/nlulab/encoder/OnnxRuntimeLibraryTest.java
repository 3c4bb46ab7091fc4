package dev.nlulab.encoder;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class OnnxRuntimeLibraryTest {

    @Test
    void extractsTheNativeLibrariesOnceIntoTheCache(@TempDir Path cache) throws IOException {
        Path dir = OnnxRuntimeLibrary.extractInto(cache).orElseThrow();
        Path library = dir.resolve(System.mapLibraryName("onnxruntime"));
        Path binding = dir.resolve(System.mapLibraryName("onnxruntime4j_jni"));
        assertThat(library).isRegularFile();
        assertThat(binding).isRegularFile();
        assertThat(Files.size(library)).isGreaterThan(1_000_000); // the runtime itself, not an empty copy
        Files.setLastModifiedTime(library, FileTime.fromMillis(0));
        assertThat(OnnxRuntimeLibrary.extractInto(cache)).contains(dir);
        assertThat(Files.getLastModifiedTime(library)).isEqualTo(FileTime.fromMillis(0)); // not copied again
    }

    @Test
    void processesExtractingAtOnceLeaveOneCompleteCopy(@TempDir Path cache) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Path>> runs = new ArrayList<>();
            Callable<Path> extract = () -> OnnxRuntimeLibrary.extractInto(cache).orElseThrow();
            for (int i = 0; i < 4; i++) runs.add(pool.submit(extract));
            Path dir = runs.get(0).get();
            for (Future<Path> run : runs) assertThat(run.get()).isEqualTo(dir);
            assertThat(dir.resolve(System.mapLibraryName("onnxruntime4j_jni"))).isRegularFile();
            try (Stream<Path> left = Files.list(dir.getParent())) {
                assertThat(left).containsExactly(dir); // no half-made copies left behind
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theEncoderLoadsOnnxRuntimeFromTheBuildsCacheFolder() {
        try (SentenceEncoder encoder = SentenceEncoder.load(1)) {
            encoder.embed("loaded");
        }
        // the build sets DJL_CACHE_DIR for tests, as bin/nlulab does for the app
        Path cache = Path.of(System.getenv("DJL_CACHE_DIR")).toAbsolutePath();
        assertThat(System.getProperty(OnnxRuntimeLibrary.PATH_PROPERTY)).startsWith(cache.toString());
    }
}
