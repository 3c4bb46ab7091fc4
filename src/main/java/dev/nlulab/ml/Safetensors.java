package dev.nlulab.ml;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The safetensors format: 8 bytes little-endian header length, a JSON header
 * {@code {name: {dtype, shape, data_offsets: [begin, end]}}}, then the raw little-endian data.
 * Floats come back as float32 (bf16 is widened in Java: DJL's BFLOAT16 aborts the JVM, docs/djl-pitfalls.md #3);
 * integer tensors (packed quantized weights) keep their type. Our own reader and writer, because DJL's
 * decoding does not keep the order of tensors (docs/djl-pitfalls.md #7): match them by name.
 */
public final class Safetensors {
    public static final String SINGLE_FILE = "model.safetensors";
    public static final String INDEX_FILE = "model.safetensors.index.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Safetensors() {
    }

    /** One tensor as described by a header, before its data is read. */
    public record Entry(String name, String dtype, long[] shape, long begin, long end) {
    }

    /** Reads a checkpoint folder: {@code model.safetensors}, or the shards named by the index file. */
    public static Map<String, NDArray> readCheckpoint(Path dir, NDManager manager) {
        Path index = dir.resolve(INDEX_FILE);
        if (Files.exists(index)) {
            JsonNode weightMap;
            try {
                weightMap = JSON.readTree(index.toFile()).get("weight_map");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + index + ": " + e.getMessage(), e);
            }
            if (weightMap == null || !weightMap.isObject()) {
                throw new IllegalArgumentException(index + ": no \"weight_map\" object");
            }
            Set<String> shards = new LinkedHashSet<>();
            weightMap.elements().forEachRemaining(shard -> shards.add(shard.asText()));
            Map<String, NDArray> all = new LinkedHashMap<>();
            for (String shard : shards) all.putAll(read(dir.resolve(shard), manager));
            return all;
        }
        Path single = dir.resolve(SINGLE_FILE);
        if (!Files.exists(single)) {
            throw new IllegalArgumentException(dir + ": neither " + SINGLE_FILE + " nor " + INDEX_FILE);
        }
        return read(single, manager);
    }

    /** The tensors of one file, in the header's order of offsets. */
    public static Map<String, NDArray> read(Path file, NDManager manager) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            List<Entry> entries = header(file, channel);
            long dataStart = 8 + headerLength(file, channel);
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            for (Entry e : entries) {
                ByteBuffer raw = ByteBuffer.allocateDirect(Math.toIntExact(e.end() - e.begin())).order(ByteOrder.LITTLE_ENDIAN);
                long position = dataStart + e.begin();
                while (raw.hasRemaining()) {
                    if (channel.read(raw, position + raw.position()) < 0) {
                        throw new IllegalArgumentException(file + ": tensor " + e.name() + " runs past the end of the file");
                    }
                }
                raw.flip();
                tensors.put(e.name(), decode(manager, e, raw, file));
            }
            return tensors;
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot read " + file + ": " + ex.getMessage(), ex);
        }
    }

    /** The header entries of a file, sorted by data offset. */
    public static List<Entry> header(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return header(file, channel);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot read " + file + ": " + ex.getMessage(), ex);
        }
    }

    private static long headerLength(Path file, FileChannel channel) throws IOException {
        ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        channel.read(len, 0);
        len.flip();
        if (len.remaining() < 8) throw new IllegalArgumentException(file + ": too short to be safetensors");
        long n = len.getLong();
        if (n <= 0 || n > 100_000_000 || 8 + n > channel.size()) {
            throw new IllegalArgumentException(file + ": bad safetensors header length " + n);
        }
        return n;
    }

    private static List<Entry> header(Path file, FileChannel channel) throws IOException {
        long n = headerLength(file, channel);
        ByteBuffer json = ByteBuffer.allocate((int) n);
        channel.read(json, 8);
        JsonNode root = JSON.readTree(new String(json.array(), StandardCharsets.UTF_8));
        long dataSize = channel.size() - 8 - n;
        List<Entry> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getKey().equals("__metadata__")) continue;
            JsonNode t = f.getValue();
            JsonNode shapeNode = t.get("shape");
            long[] shape = new long[shapeNode.size()];
            for (int i = 0; i < shape.length; i++) shape[i] = shapeNode.get(i).asLong();
            Entry e = new Entry(f.getKey(), t.get("dtype").asText(), shape,
                    t.get("data_offsets").get(0).asLong(), t.get("data_offsets").get(1).asLong());
            long expected = new Shape(shape).size() * bytesPer(e.dtype(), file, e.name());
            if (e.end() - e.begin() != expected || e.end() > dataSize) {
                throw new IllegalArgumentException(file + ": tensor " + e.name() + " (" + e.dtype() + " "
                        + new Shape(shape) + ") has data_offsets [" + e.begin() + ", " + e.end() + "], expected "
                        + expected + " bytes within " + dataSize);
            }
            entries.add(e);
        }
        entries.sort((a, b) -> Long.compare(a.begin(), b.begin()));
        return entries;
    }

    private static NDArray decode(NDManager manager, Entry e, ByteBuffer raw, Path file) {
        Shape shape = new Shape(e.shape());
        switch (e.dtype()) {
            case "F32":
                return manager.create(raw, shape, DataType.FLOAT32);
            case "F16": {
                try (NDArray half = manager.create(raw, shape, DataType.FLOAT16)) {
                    return half.toType(DataType.FLOAT32, true);
                }
            }
            case "BF16": {
                // bf16 is the top half of a float32: widen bit-exactly
                ByteBuffer wide = ByteBuffer.allocateDirect(raw.remaining() * 2).order(ByteOrder.LITTLE_ENDIAN);
                while (raw.hasRemaining()) wide.putInt((raw.getShort() & 0xFFFF) << 16);
                wide.flip();
                return manager.create(wide, shape, DataType.FLOAT32);
            }
            case "F64":
                return manager.create(raw, shape, DataType.FLOAT64);
            case "I64":
                return manager.create(raw, shape, DataType.INT64);
            case "I32":
                return manager.create(raw, shape, DataType.INT32);
            case "I8":
                return manager.create(raw, shape, DataType.INT8);
            case "U8":
                return manager.create(raw, shape, DataType.UINT8);
            case "BOOL":
                return manager.create(raw, shape, DataType.BOOLEAN);
            default:
                throw new IllegalArgumentException(file + ": tensor " + e.name() + " has unsupported dtype " + e.dtype());
        }
    }

    /**
     * Writes tensors in the given order. Float tensors are stored as {@code floatType} (FLOAT32, FLOAT16, or
     * BFLOAT16: rounded to nearest even in Java); other types as they are.
     */
    public static void write(Path file, Map<String, NDArray> tensors, DataType floatType) {
        ObjectNode header = JSON.createObjectNode();
        header.putObject("__metadata__").put("format", "pt");
        long offset = 0;
        for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
            NDArray a = e.getValue();
            String dtype = dtypeName(a.getDataType(), floatType, e.getKey());
            long size = a.getShape().size() * bytesPer(dtype, file, e.getKey());
            ObjectNode t = header.putObject(e.getKey());
            t.put("dtype", dtype);
            var shapeNode = t.putArray("shape");
            for (long d : a.getShape().getShape()) shapeNode.add(d);
            t.putArray("data_offsets").add(offset).add(offset + size);
            offset += size;
        }
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8; // keeps the data 8-byte aligned, as the reference writer does
        try (OutputStream out = Files.newOutputStream(file)) {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
            out.write(len.array());
            out.write(json);
            for (int i = json.length; i < padded; i++) out.write(' ');
            for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
                out.write(encode(e.getValue(), floatType));
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write " + file + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Writes a sharded checkpoint ({@code model-0000i-of-0000n.safetensors} + index) with shards of at
     * most {@code maxShardBytes} (a bigger single tensor gets a shard of its own).
     */
    public static void writeSharded(Path dir, Map<String, NDArray> tensors, DataType floatType, long maxShardBytes) {
        List<Map<String, NDArray>> shards = new ArrayList<>();
        Map<String, NDArray> current = new LinkedHashMap<>();
        long currentBytes = 0;
        long total = 0;
        for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
            long size = e.getValue().getShape().size()
                    * bytesPer(dtypeName(e.getValue().getDataType(), floatType, e.getKey()), dir, e.getKey());
            if (!current.isEmpty() && currentBytes + size > maxShardBytes) {
                shards.add(current);
                current = new LinkedHashMap<>();
                currentBytes = 0;
            }
            current.put(e.getKey(), e.getValue());
            currentBytes += size;
            total += size;
        }
        if (!current.isEmpty()) shards.add(current);
        ObjectNode index = JSON.createObjectNode();
        index.putObject("metadata").put("total_size", total);
        ObjectNode weightMap = index.putObject("weight_map");
        Map<String, String> sorted = new TreeMap<>();
        for (int i = 0; i < shards.size(); i++) {
            String name = String.format("model-%05d-of-%05d.safetensors", i + 1, shards.size());
            write(dir.resolve(name), shards.get(i), floatType);
            for (String tensor : shards.get(i).keySet()) sorted.put(tensor, name);
        }
        sorted.forEach(weightMap::put);
        try {
            JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(INDEX_FILE).toFile(), index);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write " + dir.resolve(INDEX_FILE) + ": " + ex.getMessage(), ex);
        }
    }

    private static byte[] encode(NDArray a, DataType floatType) {
        if (a.getDataType() != DataType.FLOAT32 || floatType == DataType.FLOAT32) return a.toByteArray();
        if (floatType == DataType.FLOAT16) {
            try (NDArray half = a.toType(DataType.FLOAT16, true)) {
                return half.toByteArray();
            }
        }
        float[] values = a.toFloatArray();
        ByteBuffer out = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) out.putShort(toBfloat16(v));
        return out.array();
    }

    /** float32 -> bfloat16 bits, rounding to nearest even (NaN stays a quiet NaN). */
    static short toBfloat16(float v) {
        int bits = Float.floatToRawIntBits(v);
        if (Float.isNaN(v)) return (short) ((bits >>> 16) | 0x40);
        int rounded = bits + 0x7FFF + ((bits >>> 16) & 1);
        return (short) (rounded >>> 16);
    }

    private static String dtypeName(DataType type, DataType floatType, String tensor) {
        switch (type) {
            case FLOAT32:
                if (floatType == DataType.FLOAT16) return "F16";
                if (floatType == DataType.BFLOAT16) return "BF16";
                if (floatType == DataType.FLOAT32) return "F32";
                throw new IllegalArgumentException("float tensors can be stored as FLOAT32, FLOAT16 or BFLOAT16, not " + floatType);
            case FLOAT16: return "F16";
            case FLOAT64: return "F64";
            case INT64: return "I64";
            case INT32: return "I32";
            case INT8: return "I8";
            case UINT8: return "U8";
            case BOOLEAN: return "BOOL";
            default:
                throw new IllegalArgumentException("tensor " + tensor + ": cannot store data type " + type);
        }
    }

    private static int bytesPer(String dtype, Path file, String tensor) {
        switch (dtype) {
            case "F64": case "I64": return 8;
            case "F32": case "I32": return 4;
            case "F16": case "BF16": case "I16": return 2;
            case "I8": case "U8": case "BOOL": return 1;
            default:
                throw new IllegalArgumentException(file + ": tensor " + tensor + " has unsupported dtype " + dtype);
        }
    }
}
