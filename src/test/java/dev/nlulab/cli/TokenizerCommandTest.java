package dev.nlulab.cli;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.nlulab.tasks.TaskExport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class TokenizerCommandTest {
    @Test
    void corpusThenTokenizerCommandsWriteALoadableTokenizer(@TempDir Path dir) throws Exception {
        Path corpus = dir.resolve("prose.txt");
        assertThat(new CommandLine(new CorpusCommand()).execute("--out", corpus.toString(),
                "--package-dir", "src/test/resources/corpus-package")).isZero();
        assertThat(Files.readAllLines(corpus)).contains("A second book, short.");
        TaskExport.write(dir.resolve("tasks"), 1, new TaskExport.Sizes(20, 2, 2));
        Path out = dir.resolve("model/tokenizer.json");
        assertThat(new CommandLine(new TokenizerCommand()).execute("--corpus", corpus.toString(),
                "--tasks", dir.resolve("tasks").toString(), "--vocab-size", "500", "--out", out.toString())).isZero();
        try (HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(out)) {
            String text = "A coin is heads up. Ann flips the coin. Is the coin still heads up?";
            assertThat(tokenizer.decode(tokenizer.encode(text).getIds(), true)).isEqualTo(text);
        }
    }
}
