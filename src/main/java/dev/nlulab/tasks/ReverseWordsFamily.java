package dev.nlulab.tasks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Reverse the word list (fine-tuning only): a skill the QA-LoRA lab teaches a frozen model. */
public final class ReverseWordsFamily extends FamilyBase {
    public ReverseWordsFamily() {
        super("reverse", Scenario.SYMBOLIC_SHORT, "Reverse a list of three to six words (fine-tuning only)");
    }

    @Override
    public TaskItem generate(Random random) {
        List<String> words = Vocabulary.distinct(random, Vocabulary.WORDS, Vocabulary.between(random, 3, 6));
        List<String> reversed = new ArrayList<>(words);
        Collections.reverse(reversed);
        String question = "Reverse the list of words: " + String.join(" ", words) + ".";
        String rationale = "The list has " + words.size() + " words. From last to first they are "
                + String.join(", ", reversed) + ".";
        return item(question, rationale, String.join(" ", reversed));
    }
}
