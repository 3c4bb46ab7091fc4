package dev.nlulab.ml.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GPT-2's byte-level pre-tokenization, as Hugging Face tokenizers does it: split text with a regex,
 * then spell each piece's UTF-8 bytes with 256 printable characters (a space is 'Ġ'). Unlike GPT-2,
 * every digit is a piece of its own, so no merge can ever join digits: numbers stay one token per digit.
 */
final class ByteLevel {
    /** The split regex, written into tokenizer.json as well; Java's and Oniguruma's readings agree on it. */
    static final String SPLIT_REGEX =
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";
    private static final Pattern SPLIT = Pattern.compile(SPLIT_REGEX);

    /** BYTE_TO_CHAR[b] is the printable character that stands for byte b. */
    static final char[] BYTE_TO_CHAR = byteToChar();

    private ByteLevel() {
    }

    /** The pieces of {@code text}, each spelled in byte-level characters. */
    static List<String> pieces(String text) {
        List<String> pieces = new ArrayList<>();
        Matcher m = SPLIT.matcher(text);
        while (m.find()) pieces.add(spell(m.group()));
        return pieces;
    }

    static String spell(String piece) {
        byte[] bytes = piece.getBytes(StandardCharsets.UTF_8);
        char[] chars = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) chars[i] = BYTE_TO_CHAR[bytes[i] & 0xFF];
        return new String(chars);
    }

    /** GPT-2's bytes_to_unicode: printable Latin-1 bytes stand for themselves, the rest move to 256+. */
    private static char[] byteToChar() {
        char[] map = new char[256];
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            map[b] = printable ? (char) b : (char) next++;
        }
        return map;
    }
}
