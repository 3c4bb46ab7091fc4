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
        for (int i = 0; i < codes.length; i++) {
            int code = codes[i];
            if (code < 0 || code > max) {
                throw new IllegalArgumentException("code " + code + " at index " + i + " does not fit in " + bits + " bits");
            }
            long pos = (long) i * bits;
            for (int b = 0; b < bits; b++, pos++) {
                if ((code >> b & 1) != 0) {
                    out[(int) (pos >>> 3)] |= (byte) (1 << (pos & 7));
                }
            }
        }
        return out;
    }

    public static int[] unpack(byte[] packed, int bits, int count) {
        checkBits(bits);
        if (packed.length < packedLength(count, bits)) {
            throw new IllegalArgumentException(packed.length + " bytes cannot hold " + count + " codes of " + bits + " bits");
        }
        int[] codes = new int[count];
        for (int i = 0; i < count; i++) {
            long pos = (long) i * bits;
            int code = 0;
            for (int b = 0; b < bits; b++, pos++) {
                code |= (packed[(int) (pos >>> 3)] >> (pos & 7) & 1) << b;
            }
            codes[i] = code;
        }
        return codes;
    }

    private static void checkBits(int bits) {
        if (bits < 1 || bits > 8) {
            throw new IllegalArgumentException("bits must be 1..8, got " + bits);
        }
    }
}
