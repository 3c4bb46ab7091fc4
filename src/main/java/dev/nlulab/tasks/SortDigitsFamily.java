package dev.nlulab.tasks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Sort digits (fine-tuning only): order four to seven digits from smallest to largest. */
public final class SortDigitsFamily extends FamilyBase {
    public SortDigitsFamily() {
        super("sortdigits", Scenario.SYMBOLIC_SHORT, "Sort four to seven digits from smallest to largest (fine-tuning only)");
    }

    @Override
    public TaskItem generate(Random random) {
        int n = Vocabulary.between(random, 4, 7);
        List<String> digits = new ArrayList<>();
        for (int i = 0; i < n; i++) digits.add(String.valueOf(random.nextInt(10)));
        List<String> sorted = new ArrayList<>(digits);
        Collections.sort(sorted);
        String question = "Sort the digits " + String.join(" ", digits) + " from smallest to largest.";
        String rationale = "There are " + n + " digits. From smallest to largest they are "
                + String.join(", ", sorted) + ".";
        return item(question, rationale, String.join(" ", sorted));
    }
}
