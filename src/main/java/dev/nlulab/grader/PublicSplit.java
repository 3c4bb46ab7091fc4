package dev.nlulab.grader;

import dev.nlulab.labs.Key;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Which test items count for the public board: an item is public when the first 8 bytes of
 * SHA-256("lab/exercise/id"), read as a fraction of 2^64, fall below {@code publicFraction}. Stable
 * across runs and machines, independent of file order, and different for each exercise.
 */
public final class PublicSplit {
    private PublicSplit() {}

    public static boolean isPublic(String labId, String exerciseId, String itemId, double publicFraction) {
        return isPublic(sha256(), labId, exerciseId, itemId, publicFraction);
    }

    private static boolean isPublic(MessageDigest sha, String labId, String exerciseId, String itemId, double publicFraction) {
        if (publicFraction >= 1) return true;
        byte[] h = sha.digest((labId + "/" + exerciseId + "/" + itemId).getBytes(StandardCharsets.UTF_8));
        long bits = ByteBuffer.wrap(h, 0, 8).getLong() >>> 11; // 53 bits: exact in a double
        return bits / (double) (1L << 53) < publicFraction;
    }

    /** The public flag of every item of a key. */
    public static boolean[] of(Key key, String labId, String exerciseId, double publicFraction) {
        boolean[] pub = new boolean[key.size()];
        MessageDigest sha = sha256();
        for (int i = 0; i < pub.length; i++) pub[i] = isPublic(sha, labId, exerciseId, key.id(i), publicFraction);
        return pub;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
