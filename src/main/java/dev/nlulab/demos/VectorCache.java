package dev.nlulab.demos;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Embeddings of a fixed list of texts kept on disk, so that a restarted server reads them in a moment
 * instead of computing them for seconds. One file per name, holding the key it was computed for (a
 * SHA-256 of the encoder's identity and every text, in order) and the vectors: a file with another key
 * (the corpus or the encoder changed) or one that cannot be read is computed afresh and replaced. A file
 * is written under a temporary name and moved into place, so a crash never leaves half of one.
 */
final class VectorCache {
    private static final int MAGIC = 0x4e4c5556; // "NLUV"

    private final Path dir; // null: nothing kept, every call computes

    VectorCache(Path dir) {
        this.dir = dir;
    }

    /** The vectors of {@code texts} under {@code name}: read when the file's key matches, else computed and written. */
    float[][] get(String name, String encoderIdentity, List<String> texts, Function<List<String>, float[][]> compute) {
        if (dir == null) return compute.apply(texts);
        byte[] key = key(encoderIdentity, texts);
        Path file = dir.resolve(name + ".vectors");
        float[][] kept = read(file, key, texts.size());
        if (kept != null) return kept;
        float[][] fresh = compute.apply(texts);
        write(file, key, fresh);
        return fresh;
    }

    static byte[] key(String encoderIdentity, List<String> texts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            update(sha, encoderIdentity);
            for (String t : texts) update(sha, t);
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void update(MessageDigest sha, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        sha.update(java.nio.ByteBuffer.allocate(4).putInt(bytes.length).array()); // lengths first: ["ab","c"] differs from ["a","bc"]
        sha.update(bytes);
    }

    /** The vectors in the file when it was written for {@code key}; null when it is missing, stale or damaged. */
    private static float[][] read(Path file, byte[] key, int count) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != MAGIC) return null;
            byte[] stored = new byte[key.length];
            in.readFully(stored);
            if (!Arrays.equals(stored, key) || in.readInt() != count) return null;
            int dimension = in.readInt();
            if (dimension < 1 || dimension > 1 << 16) return null;
            float[][] out = new float[count][dimension];
            for (float[] v : out) for (int i = 0; i < dimension; i++) v[i] = in.readFloat();
            return in.read() == -1 ? out : null;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) { // truncated or unreadable: computed again and rewritten
            return null;
        }
    }

    private void write(Path file, byte[] key, float[][] vectors) {
        try {
            Files.createDirectories(dir);
            Path temporary = Files.createTempFile(dir, file.getFileName().toString(), ".part");
            try {
                try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16))) {
                    out.writeInt(MAGIC);
                    out.write(key);
                    out.writeInt(vectors.length);
                    out.writeInt(vectors.length == 0 ? 1 : vectors[0].length);
                    for (float[] v : vectors) for (float x : v) out.writeFloat(x);
                }
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the demo's vectors in " + file + ": " + e.getMessage(), e);
        }
    }
}
