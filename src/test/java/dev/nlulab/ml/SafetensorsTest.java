package dev.nlulab.ml;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SafetensorsTest {
    static {
        TinyModels.init();
    }


    @Test
    void float32RoundTripIsBitExact(@TempDir Path dir) throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            tensors.put("a.weight", m.randomNormal(new Shape(7, 5)));
            tensors.put("b", m.create(new float[] {Float.MIN_VALUE, -0f, Float.MAX_VALUE, 1e-40f}));
            tensors.put("packed", m.create(new byte[] {1, 2, (byte) 200}).toType(DataType.UINT8, false));
            Path file = dir.resolve("x.safetensors");
            Safetensors.write(file, tensors, DataType.FLOAT32);
            Map<String, NDArray> back = Safetensors.read(file, m);
            assertThat(back.keySet()).containsExactly("a.weight", "b", "packed");
            for (String name : tensors.keySet()) {
                assertThat(back.get(name).getDataType()).isEqualTo(tensors.get(name).getDataType());
                assertThat(back.get(name).getShape()).isEqualTo(tensors.get(name).getShape());
                assertThat(back.get(name).toByteArray()).isEqualTo(tensors.get(name).toByteArray());
            }
            Path again = dir.resolve("y.safetensors");
            Safetensors.write(again, back, DataType.FLOAT32);
            assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(file));
        }
    }

    @Test
    void halfPrecisionFilesRoundTripBitExact(@TempDir Path dir) throws IOException {
        for (String dtype : new String[] {"F16", "BF16"}) {
            DataType type = dtype.equals("F16") ? DataType.FLOAT16 : DataType.BFLOAT16;
            byte[] raw = halfBits(dtype, 6 * 10, new Random(dtype.hashCode()));
            Path file = dir.resolve(dtype + ".safetensors");
            writeRaw(file, "w", dtype, new long[] {6, 10}, raw);
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray w = Safetensors.read(file, m).get("w");
                assertThat(w.getDataType()).isEqualTo(DataType.FLOAT32);
                Path again = dir.resolve(dtype + "-again.safetensors");
                Safetensors.write(again, Map.of("w", w), type);
                assertThat(Safetensors.header(again).get(0).dtype()).isEqualTo(dtype);
                assertThat(data(again)).as(dtype).isEqualTo(raw);
            }
        }
    }

    @Test
    void bfloat16IsWidenedExactly(@TempDir Path dir) throws IOException {
        // 1.5 = 0x3FC0, -2 = 0xC000 in bfloat16
        Path file = dir.resolve("b.safetensors");
        writeRaw(file, "v", "BF16", new long[] {2}, new byte[] {(byte) 0xC0, 0x3F, 0x00, (byte) 0xC0});
        try (NDManager m = NDManager.newBaseManager()) {
            assertThat(Safetensors.read(file, m).get("v").toFloatArray()).containsExactly(1.5f, -2f);
        }
    }

    @Test
    void shardedCheckpointRoundTripsInBfloat16(@TempDir Path dir) throws IOException {
        try (NDManager m = NDManager.newBaseManager();
             LlamaModel model = LlamaModel.random(TinyModels.config(), 3, m)) {
            Map<String, NDArray> tensors = model.tensors();
            Safetensors.writeSharded(dir, tensors, DataType.BFLOAT16, 4_000);
            assertThat(Files.list(dir).filter(p -> p.toString().endsWith(".safetensors")).count()).isGreaterThan(2);
            Map<String, NDArray> back = Safetensors.readCheckpoint(dir, m);
            assertThat(back.keySet()).containsExactlyInAnyOrderElementsOf(tensors.keySet());
            for (String name : tensors.keySet()) {
                float[] original = tensors.get(name).toFloatArray();
                float[] read = back.get(name).toFloatArray();
                for (int i = 0; i < original.length; i++) {
                    // what we stored is the rounded bfloat16 of the original, exactly
                    float expected = Float.intBitsToFloat((Safetensors.toBfloat16(original[i]) & 0xFFFF) << 16);
                    assertThat(read[i]).isEqualTo(expected);
                }
            }
            new ObjectMapper().readTree(dir.resolve(Safetensors.INDEX_FILE).toFile()).get("weight_map")
                    .fields().forEachRemaining(e -> assertThat(dir.resolve(e.getValue().asText())).exists());
        }
    }

    @Test
    void checkpointThatDoesNotMatchTheConfigNamesTensorAndShapes(@TempDir Path dir) {
        try (NDManager m = NDManager.newBaseManager()) {
            LlamaModel.random(TinyModels.config(), 1, m).save(dir);
            LlamaConfig wider = LlamaConfig.of(16, 30, 2, 4, 2, 13, 64, false);
            wider.write(dir.resolve("config.json"));
            assertThatThrownBy(() -> LlamaModel.load(dir, m))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("model.layers.0.mlp.gate_proj.weight")
                    .hasMessageContaining("(24, 16)")
                    .hasMessageContaining("(30, 16)");
        }
    }

    @Test
    void tiedCheckpointLoadedAsUntiedNamesTheMissingHead(@TempDir Path dir) {
        try (NDManager m = NDManager.newBaseManager()) {
            LlamaModel.random(TinyModels.tied(), 1, m).save(dir);
            TinyModels.config().write(dir.resolve("config.json"));
            assertThatThrownBy(() -> LlamaModel.load(dir, m)).hasMessageContaining("lm_head.weight is missing");
        }
    }

    private static byte[] halfBits(String dtype, int n, Random random) {
        ByteBuffer b = ByteBuffer.allocate(n * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            float v = (float) random.nextGaussian() * 3;
            short bits = dtype.equals("BF16") ? Safetensors.toBfloat16(v) : Float16.of(v);
            b.putShort(bits);
        }
        return b.array();
    }

    private static void writeRaw(Path file, String name, String dtype, long[] shape, byte[] data) throws IOException {
        String json = "{\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + java.util.Arrays.toString(shape)
                + ",\"data_offsets\":[0," + data.length + "]}}";
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
            out.write(header);
            out.write(data);
        }
    }

    private static byte[] data(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        long n = ByteBuffer.wrap(all, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return java.util.Arrays.copyOfRange(all, (int) (8 + n), all.length);
    }

    /** IEEE half bits of a normal float (the test's values stay in half's normal range). */
    private static final class Float16 {
        static short of(float v) {
            int bits = Float.floatToRawIntBits(v);
            int sign = (bits >>> 16) & 0x8000;
            int exponent = ((bits >>> 23) & 0xFF) - 127 + 15;
            int mantissa = (bits >>> 13) & 0x3FF; // truncation: any half value is fine for a round trip
            if (exponent <= 0) return (short) sign;
            return (short) (sign | exponent << 10 | mantissa);
        }
    }
}
