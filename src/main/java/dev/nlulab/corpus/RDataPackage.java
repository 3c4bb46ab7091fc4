package dev.nlulab.corpus;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;

/**
 * The data of an installed R package, read without R: {@code data/Rdata.rdx} (a gzipped serialized
 * index of name -> [offset, length]) points into {@code data/Rdata.rdb}, where each object is a 4-byte
 * big-endian length followed by its zlib-compressed serialization.
 */
public final class RDataPackage {
    private final Path rdb;
    private final Map<String, int[]> variables = new LinkedHashMap<>();

    private RDataPackage(Path dataDir) {
        this.rdb = dataDir.resolve("Rdata.rdb");
        Path rdx = dataDir.resolve("Rdata.rdx");
        if (!Files.isRegularFile(rdx) || !Files.isRegularFile(rdb)) {
            throw new IllegalArgumentException("no R lazy-load data in " + dataDir + " (expected Rdata.rdx and Rdata.rdb)");
        }
        try (InputStream raw = Files.newInputStream(rdx);
             DataInputStream in = new DataInputStream(new GZIPInputStream(raw))) {
            RSerialization.RList index = (RSerialization.RList) RSerialization.read(in);
            Object compressed = index.get("compressed");
            if (!(compressed instanceof int[] c) || c.length != 1 || c[0] != 1) {
                throw new IOException("only zlib-compressed R data is supported (rdx 'compressed' is not TRUE)");
            }
            RSerialization.RList vars = (RSerialization.RList) index.get("variables");
            for (int i = 0; i < vars.elements().size(); i++) {
                variables.put(vars.names().get(i), (int[]) vars.elements().get(i));
            }
        } catch (IOException | ClassCastException e) {
            throw new IllegalArgumentException("cannot read R data index " + rdx + ": " + e.getMessage(), e);
        }
    }

    /** Opens {@code <packageDir>/data}, e.g. /usr/lib/R/site-library/janeaustenr. */
    public static RDataPackage open(Path packageDir) {
        return new RDataPackage(packageDir.resolve("data"));
    }

    /** The data set names, in the package's order. */
    public List<String> names() {
        return List.copyOf(variables.keySet());
    }

    /** A character-vector data set (one string per element; R's NA becomes ""). */
    public List<String> characterVector(String name) {
        int[] where = variables.get(name);
        if (where == null) throw new IllegalArgumentException("R data " + rdb + " has no data set '" + name + "' (has " + names() + ")");
        try {
            byte[] block = new byte[where[1]];
            try (RandomAccessFile file = new RandomAccessFile(rdb.toFile(), "r")) {
                file.seek(where[0]);
                file.readFully(block);
            }
            int size = ByteBuffer.wrap(block, 0, 4).getInt();
            Inflater inflater = new Inflater();
            inflater.setInput(block, 4, block.length - 4);
            byte[] serialized = new byte[size];
            int n = inflater.inflate(serialized);
            inflater.end();
            if (n != size) throw new IOException("inflated " + n + " bytes, expected " + size);
            Object value = RSerialization.read(new DataInputStream(new ByteArrayInputStream(serialized)));
            if (!(value instanceof String[] strings)) {
                throw new IOException("data set '" + name + "' is not a character vector");
            }
            List<String> lines = new ArrayList<>(strings.length);
            for (String s : strings) lines.add(s == null ? "" : s);
            return lines;
        } catch (IOException | DataFormatException e) {
            throw new UncheckedIOException(new IOException("cannot read '" + name + "' from " + rdb + ": " + e.getMessage(), e));
        }
    }
}
