package dev.nlulab.ml.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.nlulab.corpus.CorpusBuilder;
import dev.nlulab.corpus.RDataPackage;
import dev.nlulab.tasks.PretrainingSet;
import dev.nlulab.tasks.TaskFamily;
import dev.nlulab.tasks.TaskSplits;
import dev.nlulab.tasks.TaskSuite;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BpeTrainerTest {
    private static final int VOCAB = 800;
    private static List<String> taskText;
    private static List<String> prose;
    private static BpeTrainer.Bpe bpe;
    private static Path file;

    @BeforeAll
    static void train(@TempDir Path dir) {
        taskText = new ArrayList<>();
        for (TaskFamily family : TaskSuite.families()) {
            taskText.addAll(PretrainingSet.plainText(TaskSplits.generate(family, 1, 60, 0, 0).train()));
        }
        prose = CorpusBuilder.paragraphs(RDataPackage.open(Path.of("src/test/resources/corpus-package")).characterVector("tinybook"));
        bpe = new BpeTrainer(VOCAB).addAll(taskText).addAll(prose).train();
        file = dir.resolve("tokenizer.json");
        TokenizerJson.write(bpe, file);
    }

    @Test
    void theVocabularyHasTheConfiguredSizeWithSpecialTokensFirst() throws Exception {
        assertThat(bpe.size()).isEqualTo(VOCAB);
        assertThat(bpe.merges()).hasSize(VOCAB - BpeTrainer.BASE_VOCAB);
        assertThat(bpe.vocab()).containsEntry("<s>", 0).containsEntry("</s>", 1).containsEntry("<pad>", 2).containsEntry("<unk>", 3);
        // DJL truncates to 512 tokens unless told not to: a pretrainer packing long texts must say so.
        try (HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(file, Map.of("truncation", "false"))) {
            long[] ids = tokenizer.encode(String.join("\n\n", taskText), false, false).getIds();
            assertThat(ids.length).isGreaterThan(10_000);
            assertThat(Arrays.stream(ids).max().getAsLong()).isLessThan(VOCAB);
            assertThat(Arrays.stream(ids).distinct().count()).isGreaterThan(VOCAB / 2);
        }
    }

    @Test
    void djlLoadsTheFileAndDecodingInvertsEncodingForTasksAndProse() throws Exception {
        try (HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(file)) {
            List<String> texts = new ArrayList<>(taskText.subList(0, 200));
            texts.addAll(prose);
            texts.add("Unseen text: naïve café — 3,141.59 dollars?!\n\tTabs, \"quotes\" and  two  spaces. 日本");
            for (String text : texts) {
                Encoding encoding = tokenizer.encode(text, false, false);
                assertThat(tokenizer.decode(encoding.getIds(), true)).isEqualTo(text);
                assertThat(encoding.getIds()).doesNotContain(3L); // bytes cover everything: never <unk>
            }
        }
    }

    @Test
    void everyDigitIsItsOwnTokenAndSequencesStartWithBos() throws Exception {
        try (HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(file)) {
            Encoding encoding = tokenizer.encode("Ann has 1234 apples and 56 pens.");
            List<String> tokens = Arrays.asList(encoding.getTokens());
            assertThat(tokens.get(0)).isEqualTo("<s>");
            assertThat(tokens).containsSubsequence("1", "2", "3", "4").containsSubsequence("5", "6");
            assertThat(tokens).noneMatch(t -> t.matches(".*\\d.*") && t.length() > 1);
            assertThat(bpe.vocab().keySet()).noneMatch(t -> t.matches(".*\\d.*") && t.length() > 1);
            assertThat(tokens).contains("Ġapples"); // frequent task words are single tokens
        }
    }

    @Test
    void trainingIsDeterministic() {
        BpeTrainer.Bpe again = new BpeTrainer(VOCAB).addAll(taskText).addAll(prose).train();
        assertThat(again.vocab()).isEqualTo(bpe.vocab());
        assertThat(again.merges()).usingRecursiveFieldByFieldElementComparator().isEqualTo(bpe.merges());
    }
}
