package dev.nlulab.prompting.methods;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A student's own templates: slots checked before a job is queued, and filled in exactly. */
class TemplatesTest {
    @Test
    void theDefaultsBuildTheReferencesPrompts() {
        Templates t = Templates.DEFAULT;
        assertThat(t.problems()).isEmpty();
        Demo d = new Demo("Ann has 2 pens. She buys 3. How many?", "Let's think step by step. 2 + 3 = 5.", "5", "p1");
        assertThat(t.withDemos(List.of(d, d), "Tom has 4 cats. How many?", true)).isEqualTo(
                "Q: Ann has 2 pens. She buys 3. How many?\nA: Let's think step by step. 2 + 3 = 5. The answer is 5.\n\n"
                        + "Q: Ann has 2 pens. She buys 3. How many?\nA: Let's think step by step. 2 + 3 = 5. The answer is 5.\n\n"
                        + "Q: Tom has 4 cats. How many?\nA: Let's think step by step.");
        assertThat(t.withDemos(List.of(), "Is it?", false)).isEqualTo("Q: Is it?\nA:");
    }

    @Test
    void aMissingSlotATypoAndAStrayBraceAreEachNamedAtTheirField() {
        Templates t = new Templates("Question: {questoin}\nAnswer:", "Q: {question}\nA: {rationale}", "Think {step}. }");
        assertThat(t.problems()).extracting(Templates.Problem::field, Templates.Problem::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple("question_template", "has the unknown slot {questoin}; its slots are {question}"),
                org.assertj.core.groups.Tuple.tuple("question_template", "must use the slot {question}"),
                org.assertj.core.groups.Tuple.tuple("demo_template", "must use the slot {answer}"),
                org.assertj.core.groups.Tuple.tuple("cot_trigger", "has the unknown slot {step}; it takes no slots"),
                org.assertj.core.groups.Tuple.tuple("cot_trigger", "has a brace that is not part of a slot such as {question}"));
        assertThat(new Templates(" ", Templates.DEFAULT.demo(), "go").problems())
                .extracting(Templates.Problem::message).containsExactly("is empty");
    }

    @Test
    void aRationaleThatContainsASlotNameIsNotFilledInAgain() {
        Demo d = new Demo("What is {answer}?", "It says {answer}.", "x", "p");
        assertThat(Templates.DEFAULT.demo(d)).isEqualTo("Q: What is {answer}?\nA: It says {answer}. The answer is x.");
    }
}
