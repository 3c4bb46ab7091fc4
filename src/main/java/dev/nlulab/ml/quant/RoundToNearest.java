package dev.nlulab.ml.quant;

/** Round-to-nearest INT-N quantization: each weight independently onto its group's min-max grid. */
public final class RoundToNearest {
    private RoundToNearest() {
    }

    /**
     * @param weight row-major (rows, cols)
     * @param groupSize columns per group; {@code <= 0} for one group per row
     */
    public static IntNWeight quantize(float[] weight, int rows, int cols, int bits, int groupSize) {
        IntNWeight.checkGroupSize(groupSize, bits);
        int g = IntNWeight.resolveGroupSize(groupSize, cols);
        IntNWeight.checkShape(rows, cols, bits, g);
        if (weight.length != rows * cols) {
            throw new IllegalArgumentException("weight has " + weight.length + " values, expected " + rows + "x" + cols);
        }
        int groups = cols / g;
        int[] codes = new int[rows * cols];
        float[] scales = new float[rows * groups];
        float[] zeros = new float[rows * groups];
        for (int o = 0; o < rows; o++) {
            for (int grp = 0; grp < groups; grp++) {
                int start = o * cols + grp * g;
                double min = Double.POSITIVE_INFINITY;
                double max = Double.NEGATIVE_INFINITY;
                for (int i = start; i < start + g; i++) {
                    min = Math.min(min, weight[i]);
                    max = Math.max(max, weight[i]);
                }
                MinMaxGrid grid = MinMaxGrid.of(min, max, bits);
                scales[o * groups + grp] = grid.scale();
                zeros[o * groups + grp] = grid.zero();
                for (int i = start; i < start + g; i++) {
                    codes[i] = grid.code(weight[i]);
                }
            }
        }
        return new IntNWeight(rows, cols, bits, g, BitPacking.pack(codes, bits), scales, zeros);
    }
}
