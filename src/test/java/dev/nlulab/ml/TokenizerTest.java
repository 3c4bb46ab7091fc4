package dev.nlulab.ml;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenizerTest {

    /** A word-level tokenizer: every word its own id, specials 0-2. */
    static Path writeWordLevel(Path dir) throws IOException {
        String[] words = {"the", "cat", "sat", "on", "mat", "a", "dog", "2", "+", "3", "=", "5"};
        StringBuilder vocab = new StringBuilder("\"<unk>\":0,\"<s>\":1,\"</s>\":2");
        for (int i = 0; i < words.length; i++) vocab.append(",\"").append(words[i]).append("\":").append(i + 3);
        String json = "{\"version\":\"1.0\",\"truncation\":null,\"padding\":null,\"added_tokens\":["
                + special(0, "<unk>") + "," + special(1, "<s>") + "," + special(2, "</s>") + "],"
                + "\"normalizer\":null,\"pre_tokenizer\":{\"type\":\"Whitespace\"},\"post_processor\":null,"
                + "\"decoder\":null,\"model\":{\"type\":\"WordLevel\",\"vocab\":{" + vocab + "},\"unk_token\":\"<unk>\"}}";
        Path file = dir.resolve("tokenizer.json");
        Files.writeString(file, json);
        return file;
    }

    private static String special(int id, String content) {
        return "{\"id\":" + id + ",\"content\":\"" + content + "\",\"single_word\":false,\"lstrip\":false,"
                + "\"rstrip\":false,\"normalized\":false,\"special\":true}";
    }

    @Test
    void loadsALocalTokenizerJsonAndRoundTrips(@TempDir Path dir) throws IOException {
        try (Tokenizer tokenizer = Tokenizer.load(writeWordLevel(dir), 1, 2)) {
            long[] ids = tokenizer.encode("the cat sat on a mat");
            assertThat(ids).containsExactly(3, 4, 5, 6, 8, 7);
            assertThat(tokenizer.decode(ids)).isEqualTo("the cat sat on a mat");
            assertThat(tokenizer.encodeWithBos("2 + 3 = 5")).containsExactly(1, 10, 11, 12, 13, 14);
            assertThat(tokenizer.decode(new long[] {1, 9, 2})).isEqualTo("dog");
            assertThat(tokenizer.encode("the unicorn")).containsExactly(3, 0);
        }
    }

    @Test
    void missingTokenizerIsNamed(@TempDir Path dir) {
        assertThatThrownBy(() -> Tokenizer.load(dir, 1, 2)).hasMessageContaining(dir.resolve("tokenizer.json").toString());
    }
}
