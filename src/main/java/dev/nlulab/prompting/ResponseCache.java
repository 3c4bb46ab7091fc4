package dev.nlulab.prompting;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Answers of an LLM server kept on disk, keyed by the SHA-256 of the full request (address and body),
 * so that a rerun of the same prompts costs nothing: {@code <dir>/<2 hex>/<64 hex>.json}. A file is
 * written whole to a temporary name and moved into place, so a reader never sees half of one, and
 * processes sharing the folder (the server and job processes) can write the same key at once.
 */
final class ResponseCache {
    private static final Logger log = LoggerFactory.getLogger(ResponseCache.class);
    private final Path dir;

    ResponseCache(Path dir) {
        this.dir = dir;
    }

    static String key(String request) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(request.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    Optional<String> get(String key) {
        Path file = file(key);
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readString(file)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // unreadable: ask the server again
        }
    }

    /** Keeps the answer; a cache that cannot be written is reported and skipped, never losing the answer paid for. */
    void put(String key, String value) {
        Path file = file(key);
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), key.substring(0, 8), ".tmp");
            Files.writeString(tmp, value);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            log.warn("cannot write the LLM response cache at {} ({}); the answer is used but not kept", file, e.toString());
        }
    }

    private Path file(String key) {
        return dir.resolve(key.substring(0, 2)).resolve(key + ".json");
    }
}
