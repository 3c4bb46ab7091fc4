package dev.nlulab.tasks;

import static dev.nlulab.tasks.Vocabulary.between;
import static dev.nlulab.tasks.Vocabulary.distinct;

import java.util.List;
import java.util.Random;

/**
 * SVAMP-like: AddSub problems varied the way SVAMP varies them, with a distractor fact that the
 * answer must ignore and facts told out of order ("Before that, ...").
 */
public final class SvampFamily extends FamilyBase {
    public SvampFamily() {
        super("svamp", Scenario.ARITHMETIC_SHORT, "SVAMP-like word problems: distractor facts and facts told out of order");
    }

    @Override
    public TaskItem generate(Random random) {
        List<String> people = distinct(random, Vocabulary.NAMES, 2);
        List<String> kinds = distinct(random, Vocabulary.THINGS, 2);
        String a = people.get(0), b = people.get(1), things = kinds.get(0), other = kinds.get(1);
        int x = between(random, 10, 60), y = between(random, 2, 30), noise = between(random, 2, 40);
        String question, rationale;
        int answer;
        switch (random.nextInt(4)) {
            case 0 -> {
                answer = x + y;
                question = a + " has " + x + " " + things + ". " + b + " has " + noise + " " + other + ". " + a
                        + " buys " + y + " more " + things + ". How many " + things + " does " + a + " have now?";
                rationale = "The " + other + " of " + b + " do not matter. " + a + " has " + x + " " + things
                        + " and buys " + y + " more, so " + x + " + " + y + " = " + answer + ".";
            }
            case 1 -> {
                y = between(random, 2, x - 1);
                answer = x - y;
                question = a + " gives " + y + " " + things + " to " + b + ". Before that, " + a + " had " + x + " "
                        + things + ". How many " + things + " does " + a + " have now?";
                rationale = a + " had " + x + " " + things + " first. Then " + a + " gave away " + y + ", so "
                        + x + " - " + y + " = " + answer + ".";
            }
            case 2 -> {
                answer = x + y;
                question = a + " buys " + y + " more " + things + ". Before that, " + a + " had " + x + " " + things
                        + ". " + a + " also has " + noise + " " + other + ". How many " + things + " does " + a
                        + " have now?";
                rationale = "The " + other + " do not matter. " + a + " had " + x + " " + things + " first and bought "
                        + y + " more, so " + x + " + " + y + " = " + answer + ".";
            }
            default -> {
                y = between(random, 2, x - 1);
                answer = noise + y;
                question = a + " gives " + y + " " + things + " to " + b + ". Before that, " + a + " had " + x + " "
                        + things + " and " + b + " had " + noise + " " + things + ". How many " + things + " does "
                        + b + " have now?";
                rationale = b + " had " + noise + " " + things + " first. " + b + " got " + y + " from " + a + ", so "
                        + noise + " + " + y + " = " + answer + ".";
            }
        }
        return item(question, rationale, answer);
    }
}
