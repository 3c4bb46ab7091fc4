package dev.nlulab.ml.course;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nlulab.ml.Batch;
import dev.nlulab.ml.Tokenizer;
import dev.nlulab.ml.TrainingExample;
import dev.nlulab.tasks.PromptFormats;
import dev.nlulab.tasks.TaskFamily;
import dev.nlulab.tasks.TaskItem;
import dev.nlulab.tasks.TaskSplits;
import dev.nlulab.tasks.TaskSuite;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PretrainingMixTest {
    static final Path TOKENIZER = CourseModel.DEFAULT_DIR.resolve("tokenizer.json");

    @Test
    void aFewShotExampleIsTheEvalPromptsTokensWithLossOnEveryWorkedSolutionAndNoQuestion() {
        TokenizerInfo info = TokenizerInfo.read(TOKENIZER);
        try (Tokenizer tokenizer = Tokenizer.load(TOKENIZER, info.bos(), info.eos())) {
            PretrainingMix mix = new PretrainingMix(tokenizer, 448, 1);
            for (TaskFamily family : TaskSuite.pretraining()) {
                List<TaskItem> items = TaskSplits.generate(family, 3, 3, 0, 0).train();
                List<TaskItem> demos = items.subList(0, 2);
                TaskItem item = items.get(2);
                TrainingExample example = mix.fewShotExample(demos, item);

                long[] whole = TrainingExample.of(tokenizer, PromptFormats.fewShotCot(demos, item), " " + item.solution()).answer();
                long[] expected = concat(tokenizer.encodeWithBos(PromptFormats.fewShotCot(demos, item)), whole);
                assertThat(concat(example.prompt(), example.answer())).as(family.id() + ": the same ids as the whole text").containsExactly(expected);

                String solutions = " " + demos.get(0).solution() + " " + demos.get(1).solution() + " " + item.solution();
                assertThat(lossText(example, tokenizer, info).replace(" ", "")).as(family.id() + ": the loss is on the solutions, nothing else")
                        .isEqualTo(solutions.replace(" ", ""));
            }
        }
    }

    @Test
    void drillLinesStateTrueEquationsWithLossOnTheResultsOnly() {
        TokenizerInfo info = TokenizerInfo.read(TOKENIZER);
        Pattern equation = Pattern.compile("(\\d+) ([-+*/]) (\\d+) = (\\d+)\\.");
        ArithmeticDrills drills = new ArithmeticDrills(5);
        Set<Character> operators = new HashSet<>();
        try (Tokenizer tokenizer = Tokenizer.load(TOKENIZER, info.bos(), info.eos())) {
            for (int n = 0; n < 200; n++) {
                List<TrainingExample.Part> parts = drills.line(8);
                String text = parts.stream().map(TrainingExample.Part::text).collect(Collectors.joining());
                Matcher m = equation.matcher(text);
                int found = 0;
                while (m.find()) {
                    long a = Long.parseLong(m.group(1)), b = Long.parseLong(m.group(3)), c = Long.parseLong(m.group(4));
                    char op = m.group(2).charAt(0);
                    operators.add(op);
                    assertThat(switch (op) {
                        case '+' -> a + b == c;
                        case '-' -> a - b == c && c >= 0;
                        case '*' -> a * b == c;
                        default -> b * c == a;
                    }).as(m.group()).isTrue();
                    found++;
                }
                assertThat(found).as(text).isEqualTo(8);

                TrainingExample example = TrainingExample.ofParts(tokenizer, parts);
                assertThat(concat(example.prompt(), example.answer())).as("the same ids as the whole line")
                        .containsExactly(concat(tokenizer.encodeWithBos(text), new long[] {info.eos()}));
                String results = parts.stream().filter(TrainingExample.Part::target).map(TrainingExample.Part::text)
                        .collect(Collectors.joining());
                assertThat(lossText(example, tokenizer, info).replace(" ", "")).isEqualTo(results.replace(" ", ""));
            }
        }
        assertThat(operators).containsExactlyInAnyOrder('+', '-', '*', '/');
    }

    /** The tokens the loss is on, decoded one by one. */
    private static String lossText(TrainingExample example, Tokenizer tokenizer, TokenizerInfo info) {
        Batch batch = Batch.of(List.of(example), info.eos(), 448);
        StringBuilder text = new StringBuilder();
        for (int t = 0; t < batch.targets()[0].length; t++) {
            if (batch.lossMask()[0][t] > 0) text.append(tokenizer.decode(new long[] {batch.targets()[0][t]}));
        }
        return text.toString();
    }

    private static long[] concat(long[] a, long[] b) {
        long[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
