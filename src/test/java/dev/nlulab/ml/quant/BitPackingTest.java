package dev.nlulab.ml.quant;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BitPackingTest {

    @Test
    void packThenUnpackGivesTheSameCodesForEveryBitWidth() {
        Random r = new Random(7);
        for (int bits : new int[] {2, 3, 4, 8}) {
            for (int count : new int[] {1, 7, 8, 9, 1000, 1003}) {
                int[] codes = r.ints(count, 0, 1 << bits).toArray();
                byte[] packed = BitPacking.pack(codes, bits);
                assertThat(packed).hasSize((count * bits + 7) / 8);
                assertThat(BitPacking.unpack(packed, bits, count)).as("%d bits, %d codes", bits, count).containsExactly(codes);
            }
        }
    }

    @Test
    void packsTwoFourBitCodesPerByteLowNibbleFirst() {
        assertThat(BitPacking.pack(new int[] {0x3, 0xA, 0xF, 0x1}, 4)).containsExactly((byte) 0xA3, (byte) 0x1F);
        assertThat(BitPacking.pack(new int[] {1, 2, 3, 0}, 2)).containsExactly((byte) 0b00111001);
        assertThat(BitPacking.pack(new int[] {7, 7, 7, 7, 7, 7, 7, 7}, 3)).containsExactly((byte) 0xFF, (byte) 0xFF, (byte) 0xFF);
    }

    @Test
    void everyCodeSitsAtItsOwnBitsOfTheStream() {
        Random r = new Random(11);
        for (int bits : new int[] {2, 3, 4, 8}) {
            int[] codes = r.ints(517, 0, 1 << bits).toArray();
            byte[] packed = BitPacking.pack(codes, bits);
            for (int i = 0; i < codes.length; i++) {
                int read = 0;
                for (int b = 0; b < bits; b++) {
                    long pos = (long) i * bits + b; // bit pos of the little-endian stream
                    read |= (packed[(int) (pos / 8)] >> (pos % 8) & 1) << b;
                }
                assertThat(read).as("%d bits, code %d", bits, i).isEqualTo(codes[i]);
            }
        }
    }

    @Test
    void rejectsACodeThatDoesNotFit() {
        assertThatThrownBy(() -> BitPacking.pack(new int[] {0, 8}, 3)).hasMessageContaining("code 8 at index 1");
    }

    @Test
    void fourBitWeightKeepsLessThanAFifthOfItsFloatBytes() {
        int rows = 64;
        int cols = 256;
        float[] w = QuantTestData.normal(rows * cols, 1, 0.02);
        for (int g : new int[] {32, 64, 128}) {
            IntNWeight q = RoundToNearest.quantize(w, rows, cols, 4, g);
            assertThat(q.packed()).hasSize(rows * cols / 2);
            assertThat((double) q.storedBytes()).as("group %d", g).isLessThan(0.2 * 4 * rows * cols);
        }
        assertThat((double) Nf4Weight.quantize(w, rows, cols, true).storedBytes()).isLessThan(0.2 * 4 * rows * cols);
    }
}
