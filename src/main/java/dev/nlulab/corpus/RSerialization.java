package dev.nlulab.corpus;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads R's XDR serialization format (version 2 or 3), the part needed for data packages: character,
 * integer, logical and double vectors, lists, symbols and attribute pair lists. Anything else (closures,
 * environments, ...) is refused with the type code, since a text corpus never needs it.
 *
 * <p>Values come back as: {@code String[]} (character; NA is null), {@code int[]} (integer, logical),
 * {@code double[]}, {@link RList} (list with its names), {@code String} (symbol), null (NULL).
 */
final class RSerialization {
    /** An R list (VECSXP) and its "names" attribute (empty when it has none). */
    record RList(List<Object> elements, List<String> names) {
        Object get(String name) {
            int i = names.indexOf(name);
            if (i < 0) throw new IllegalArgumentException("R list has no element '" + name + "' (has " + names + ")");
            return elements.get(i);
        }
    }

    private static final int SYMSXP = 1, LISTSXP = 2, CHARSXP = 9, LGLSXP = 10, INTSXP = 13, REALSXP = 14,
            STRSXP = 16, VECSXP = 19, REFSXP = 255, NILVALUE_SXP = 254;
    private static final int HAS_ATTR = 1 << 9, HAS_TAG = 1 << 10;

    private final DataInputStream in;
    private final List<Object> references = new ArrayList<>();

    private RSerialization(DataInputStream in) {
        this.in = in;
    }

    /** Reads one serialized object, header included ("X\n", versions, native encoding). */
    static Object read(DataInputStream in) throws IOException {
        byte[] magic = in.readNBytes(2);
        if (magic.length != 2 || magic[0] != 'X' || magic[1] != '\n') {
            throw new IOException("not R XDR serialization (expected 'X\\n', got " + new String(magic, StandardCharsets.ISO_8859_1) + ")");
        }
        int version = in.readInt();
        in.readInt(); // R version that wrote it
        in.readInt(); // oldest R version that can read it
        if (version == 3) {
            in.readNBytes(in.readInt()); // native encoding, e.g. "UTF-8"
        } else if (version != 2) {
            throw new IOException("unsupported R serialization version " + version);
        }
        return new RSerialization(in).item();
    }

    private Object item() throws IOException {
        int flags = in.readInt();
        int type = flags & 0xFF;
        switch (type) {
            case NILVALUE_SXP:
                return null;
            case REFSXP: {
                int index = flags >>> 8;
                if (index == 0) index = in.readInt();
                return references.get(index - 1);
            }
            case SYMSXP: {
                String name = (String) item(); // the print name, a CHARSXP
                references.add(name);
                return name;
            }
            case CHARSXP: {
                int length = in.readInt();
                return length == -1 ? null : new String(in.readNBytes(length), StandardCharsets.UTF_8);
            }
            case LISTSXP: {
                Map<String, Object> pairs = new LinkedHashMap<>();
                int node = flags;
                while (true) {
                    if ((node & HAS_ATTR) != 0) item();
                    String tag = (node & HAS_TAG) != 0 ? (String) item() : String.valueOf(pairs.size());
                    pairs.put(tag, item());
                    node = in.readInt();
                    if ((node & 0xFF) == NILVALUE_SXP) return pairs;
                    if ((node & 0xFF) != LISTSXP) throw new IOException("pair list ends with type " + (node & 0xFF));
                }
            }
            case STRSXP: {
                String[] values = new String[length()];
                for (int i = 0; i < values.length; i++) values[i] = (String) item();
                attributes(flags);
                return values;
            }
            case INTSXP:
            case LGLSXP: {
                int[] values = new int[length()];
                for (int i = 0; i < values.length; i++) values[i] = in.readInt();
                attributes(flags);
                return values;
            }
            case REALSXP: {
                double[] values = new double[length()];
                for (int i = 0; i < values.length; i++) values[i] = in.readDouble();
                attributes(flags);
                return values;
            }
            case VECSXP: {
                List<Object> elements = new ArrayList<>();
                int n = length();
                for (int i = 0; i < n; i++) elements.add(item());
                Object names = attributes(flags).get("names");
                return new RList(elements, names == null ? List.of() : List.of((String[]) names));
            }
            default:
                throw new IOException("unsupported R object type " + type + " (only vectors, lists and symbols are read)");
        }
    }

    private int length() throws IOException {
        int length = in.readInt();
        if (length < 0) throw new IOException("R long vectors are not supported");
        return length;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> attributes(int flags) throws IOException {
        return (flags & HAS_ATTR) != 0 ? (Map<String, Object>) item() : Map.of();
    }
}
