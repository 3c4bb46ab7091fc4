package dev.nlulab.ml.course;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.nlulab.ml.GenerationConfig;
import dev.nlulab.ml.Generator;
import dev.nlulab.ml.LlamaConfig;
import dev.nlulab.ml.LlamaModel;
import dev.nlulab.ml.Tokenizer;
import dev.nlulab.ml.course.CourseEval.Method;
import dev.nlulab.tasks.TaskExport;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model in models/course-model loads and answers the test questions with the accuracy its card
 * claims: the first items of each pretrained family's test split, with the prompting the card found
 * best for that family, against the card's figure for the whole split.
 */
class ShippedCourseModelTest {
    static {
        System.setProperty("ai.djl.pytorch.num_threads", "1");
    }

    static final Path MODEL = CourseModel.DEFAULT_DIR;
    static final int PER_FAMILY = 20;
    /** The sample is 10 x 20 of the card's 10 x 200 items: its mean may differ by chance, ~3.2 points for one standard error. */
    static final double TOLERANCE = 0.08;

    @Test
    void theShippedModelAnswersWithTheAccuracyItsCardClaims(@TempDir Path data) {
        assertThat(CourseModel.problem(MODEL)).as("the shipped model folder is complete").isEmpty();
        EvalReport card = EvalReport.readJson(MODEL.resolve("eval.json"));
        TaskExport.write(data, 1, TaskExport.Sizes.COURSE); // the export bin/course-data makes: same seed, same sizes

        try (NDManager root = NDManager.newBaseManager();
             LlamaModel model = LlamaModel.load(MODEL, root);
             Tokenizer tokenizer = Tokenizer.forModel(MODEL, model.config())) {
            LlamaConfig c = model.config();
            assertThat(new int[] {c.hiddenSize(), c.numHiddenLayers(), c.numAttentionHeads(), c.intermediateSize()})
                    .containsExactly(CourseModel.HIDDEN, CourseModel.LAYERS, CourseModel.HEADS, CourseModel.INTERMEDIATE);
            Generator generator = new Generator(model, tokenizer);
            CourseEval.Completer completer = (prompts, max) -> generator
                    .generate(prompts, GenerationConfig.greedy(max).withStops(CourseEval.STOPS)).stream()
                    .map(dev.nlulab.ml.Generation::text).toList();

            int correct = 0, asked = 0;
            double claimed = 0;
            int families = 0;
            StringBuilder table = new StringBuilder();
            for (EvalReport.FamilyResult f : card.families()) {
                if (!f.inDistribution()) continue;
                Method best = f.bestMethod();
                int right = CourseEval.correctOnTest(data, f.family(), best, PER_FAMILY, completer, CourseEval.Options.defaults());
                correct += right;
                asked += PER_FAMILY;
                claimed += f.best();
                families++;
                table.append(String.format(Locale.ROOT, "%s %s: %d/%d, card %.1f%%%n", f.family(), best.label(), right, PER_FAMILY, 100 * f.best()));
            }
            assertThat(families).as("the card covers the ten pretrained families").isEqualTo(10);
            double sample = (double) correct / asked;
            assertThat(sample).as("sample accuracy vs the card's average best\n" + table)
                    .isCloseTo(claimed / families, org.assertj.core.data.Offset.offset(TOLERANCE));
        }
    }
}
