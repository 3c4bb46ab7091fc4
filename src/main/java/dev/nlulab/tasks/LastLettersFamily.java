package dev.nlulab.tasks;

import java.util.List;
import java.util.Random;

/** Last Letter Concatenation: join the last letters of two to four names. */
public final class LastLettersFamily extends FamilyBase {
    public LastLettersFamily() {
        super("lastletters", Scenario.SYMBOLIC_SHORT, "Last Letter Concatenation of two to four names");
    }

    @Override
    public TaskItem generate(Random random) {
        List<String> names = Vocabulary.distinct(random, Vocabulary.NAMES, Vocabulary.between(random, 2, 4));
        StringBuilder rationale = new StringBuilder();
        StringBuilder answer = new StringBuilder();
        for (String name : names) {
            String last = name.substring(name.length() - 1);
            rationale.append("The last letter of \"").append(name).append("\" is \"").append(last).append("\". ");
            answer.append(last);
        }
        rationale.append("Concatenating them is \"").append(answer).append("\".");
        String question = "Take the last letters of each word in \"" + String.join(" ", names)
                + "\" and concatenate them.";
        return item(question, rationale.toString(), answer.toString());
    }
}
