package dev.nlulab.prompting.methods;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nlulab.prompting.Llm;
import dev.nlulab.prompting.LlmCall;
import dev.nlulab.prompting.ModelService;
import dev.nlulab.tasks.Scenario;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Meta-CoT's phase 1 against real models: a tiny model trained to give known answers walks every path (a clean
 * label, a label the clean-up mends, a pair outside the six that is asked again, nonsense twice that falls back);
 * the shipped course model, which never saw a "Scenario:" line, shows that every question still gets one of the
 * six and that the calls say how it was decided.
 */
class LlmIdentifierTest {
    static final String COIN = "A coin is heads up. Ann flips the coin. Is the coin still heads up?";
    static final String TRAIN = "A train goes 5 miles an hour. How far in 2 hours? Answer Choices: (A) 10 (B) 7";
    static final String TOOL = "What do you use to cut bread? Answer Choices: (A) knife (B) spoon";
    static final String DAY = "What day comes after Monday?";

    @Test
    void eachQuestionIsDecidedByTheFirstTryTheRetryOrTheFallbackAsTheModelAnswers(@TempDir Path dir) {
        LlmIdentifier probe = new LlmIdentifier(CourseModelLlm.greedy(), List.of(), LlmIdentifier.Style.SCENARIO, 1);
        Map<String, String> answers = new LinkedHashMap<>();
        answers.put(probe.prompt(COIN), " <symbolic, yes-no>");
        answers.put(probe.prompt(TRAIN), " Arithmetic, Multiple-Choice.");
        answers.put(probe.prompt(TOOL), " <commonsense, short-answer>");
        answers.put(probe.retryPrompt(TOOL), " <commonsense, multiple-choice>");
        answers.put(probe.prompt(DAY), " I do not know.");
        answers.put(probe.retryPrompt(DAY), " <symbolic, yes/no>");
        try (ModelService tiny = ModelService.open(TrainedTinyModel.train(dir, answers), new ModelService.Limits(64, 2, Duration.ofMinutes(1), 8))) {
            Llm llm = new Llm(tiny, Llm.Decoding.greedy(1), tiny::promptTokens);
            LlmIdentifier id = new LlmIdentifier(llm, List.of(), LlmIdentifier.Style.SCENARIO, 1);
            List<Identification> found = id.identify(List.of(new Question("coin", COIN), new Question("train", TRAIN),
                    new Question("tool", TOOL), new Question("day", DAY)));
            for (int i = 0; i < found.size(); i++) {
                assertThat(found.get(i).calls().get(0).completion()).as("the tiny model learnt its answer %d", i)
                        .isEqualTo(answers.get(found.get(i).calls().get(0).prompt()));
            }
            assertThat(found).extracting(Identification::decidedBy).containsExactly(Identification.Decided.FIRST_TRY,
                    Identification.Decided.FIRST_TRY, Identification.Decided.RETRY, Identification.Decided.FALLBACK);
            assertThat(found.subList(0, 3)).extracting(i -> i.task().scenario())
                    .containsExactly(Scenario.SYMBOLIC_YES_NO, Scenario.ARITHMETIC_CHOICE, Scenario.COMMONSENSE_CHOICE);
            assertThat(ScenarioLabels.SIX).contains(found.get(3).task().scenario());
            assertThat(found).extracting(i -> i.calls().size()).containsExactly(1, 1, 2, 2);
            assertThat(found.get(2).calls().get(1).stage()).isEqualTo("identify-retry");
            assertThat(llm.usage().calls()).isEqualTo(6); // two batches: four first tries, two retries
        }
    }

    @Test
    void onTheCourseModelEveryQuestionGetsOneOfTheSixAndTheCallsSayHow() {
        List<LlmIdentifier.Example> examples = List.of(
                new LlmIdentifier.Example("Peter has 43 marbles. Peter gives 26 marbles to Sara. How many marbles does Peter have now?", Scenario.ARITHMETIC_SHORT),
                new LlmIdentifier.Example(COIN, Scenario.SYMBOLIC_YES_NO));
        List<Question> questions = List.of(new Question("a", TRAIN), new Question("b", TOOL), new Question("c", DAY),
                new Question("d", "Take the last letters of each word in \"Maya Rose\" and concatenate them."));
        for (LlmIdentifier.Style style : LlmIdentifier.Style.values()) {
            LlmIdentifier id = new LlmIdentifier(CourseModelLlm.greedy(), examples, style, 666);
            List<Identification> found = id.identify(questions);
            assertThat(id.identify(questions)).as("greedy answers and a seeded fallback: the same again")
                    .extracting(Identification::task, Identification::decidedBy, i -> i.calls().stream().map(LlmCall::completion).toList())
                    .isEqualTo(found.stream().map(i -> org.assertj.core.groups.Tuple.tuple(i.task(), i.decidedBy(),
                            i.calls().stream().map(LlmCall::completion).toList())).toList());
            for (int i = 0; i < found.size(); i++) {
                Identification f = found.get(i);
                assertThat(ScenarioLabels.SIX).contains(f.task().scenario());
                LlmCall first = f.calls().get(0);
                assertThat(first.prompt()).startsWith("Q: Peter has 43 marbles.").contains("\nScenario: <symbolic, yes-no>\n\n")
                        .endsWith(style == LlmIdentifier.Style.TYPE ? questions.get(i).text() + "\nType: " : "Q: " + questions.get(i).text() + "\nScenario:");
                switch (f.decidedBy()) {
                    case FIRST_TRY -> assertThat(ScenarioLabels.clean(first.completion())).contains(f.task().scenario());
                    case RETRY -> assertThat(ScenarioLabels.clean(f.calls().get(1).completion())).contains(f.task().scenario());
                    case FALLBACK -> {
                        assertThat(ScenarioLabels.clean(first.completion())).isEmpty();
                        assertThat(ScenarioLabels.clean(f.calls().get(1).completion())).isEmpty();
                        assertThat(f.calls().get(1).prompt()).contains("(choosing from " + ScenarioLabels.options() + ")");
                    }
                    default -> throw new AssertionError("an LLM identifier decided by " + f.decidedBy());
                }
            }
        }
    }
}
