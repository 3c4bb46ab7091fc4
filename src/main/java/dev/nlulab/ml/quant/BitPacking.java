package dev.nlulab.ml.quant;

/**
 * Packs N-bit codes into bytes as one little-endian bit stream: code i occupies bits
 * [i*N, i*N + N). For N = 2, 4, 8 that is four, two, one code per byte; for N = 3 it is eight
 * codes in three bytes, codes crossing byte borders. Done in Java because DJL has no bitwise ops
 * (docs/djl-pitfalls.md #4).
 */
public final class BitPacking {
    private BitPacking() {
    }

    public static int packedLength(long count, int bits) {
        return Math.toIntExact((count * bits + 7) / 8);
    }

    public static byte[] pack(int[] codes, int bits) {
        checkBits(bits);
        byte[] out = new byte[packedLength(codes.length, bits)];
        int max = (1 << bits) - 1;
        long pending = 0; // bits not yet written, lowest first
        int held = 0;     // how many
        int next = 0;
        for (int i = 0; i < codes.length; i++) {
            int code = codes[i];
            if (code < 0 || code > max) {
                throw new IllegalArgumentException("code " + code + " at index " + i + " does not fit in " + bits + " bits");
            }
            pending |= (long) code << held;
            held += bits;
            for (; held >= 8; held -= 8, pending >>>= 8) out[next++] = (byte) pending;
        }
        if (held > 0) out[next] = (byte) pending;
        return out;
    }

    public static int[] unpack(byte[] packed, int bits, int count) {
        checkBits(bits);
        if (packed.length < packedLength(count, bits)) {
            throw new IllegalArgumentException(packed.length + " bytes cannot hold " + count + " codes of " + bits + " bits");
        }
        int[] codes = new int[count];
        int mask = (1 << bits) - 1;
        long pending = 0; // bits read and not yet used, lowest first
        int held = 0;
        int next = 0;
        for (int i = 0; i < count; i++) {
            for (; held < bits; held += 8) pending |= (long) (packed[next++] & 0xFF) << held;
            codes[i] = (int) (pending & mask);
            pending >>>= bits;
            held -= bits;
        }
        return codes;
    }

    private static void checkBits(int bits) {
        if (bits < 1 || bits > 8) {
            throw new IllegalArgumentException("bits must be 1..8, got " + bits);
        }
    }
}
