package dev.nlulab.tasks;

import static dev.nlulab.tasks.Vocabulary.between;
import static dev.nlulab.tasks.Vocabulary.distinct;
import static dev.nlulab.tasks.Vocabulary.pick;

import java.util.List;
import java.util.Random;

/** AddSub-like: one addition or subtraction over things people have, buy or give away. */
public final class AddSubFamily extends FamilyBase {
    public AddSubFamily() {
        super("addsub", Scenario.ARITHMETIC_SHORT, "AddSub-like word problems: one addition or subtraction");
    }

    @Override
    public TaskItem generate(Random random) {
        List<String> people = distinct(random, Vocabulary.NAMES, 2);
        String a = people.get(0), b = people.get(1), things = pick(random, Vocabulary.THINGS);
        int x = between(random, 10, 60), y = between(random, 2, 30);
        String question, rationale;
        int answer;
        switch (random.nextInt(5)) {
            case 0 -> {
                answer = x + y;
                question = a + " has " + x + " " + things + ". " + a + " buys " + y + " more " + things
                        + ". How many " + things + " does " + a + " have now?";
                rationale = a + " starts with " + x + " " + things + ". " + a + " buys " + y + " more, so "
                        + x + " + " + y + " = " + answer + ".";
            }
            case 1 -> {
                y = between(random, 2, x - 1);
                answer = x - y;
                question = a + " has " + x + " " + things + ". " + a + " gives " + y + " " + things + " to " + b
                        + ". How many " + things + " does " + a + " have now?";
                rationale = a + " starts with " + x + " " + things + ". " + a + " gives away " + y + ", so "
                        + x + " - " + y + " = " + answer + ".";
            }
            case 2 -> {
                answer = x + y;
                question = a + " has " + x + " " + things + " and " + b + " has " + y + " " + things
                        + ". How many " + things + " do " + a + " and " + b + " have together?";
                rationale = a + " has " + x + " and " + b + " has " + y + ". Together they have "
                        + x + " + " + y + " = " + answer + ".";
            }
            case 3 -> {
                answer = x + y;
                question = a + " has " + x + " " + things + ". " + b + " has " + y + " more " + things + " than "
                        + a + ". How many " + things + " does " + b + " have?";
                rationale = a + " has " + x + " " + things + ". " + b + " has " + y + " more, so "
                        + x + " + " + y + " = " + answer + ".";
            }
            default -> {
                y = between(random, 2, x - 1);
                answer = x - y;
                question = a + " has " + x + " " + things + ". " + a + " loses " + y + " " + things
                        + ". How many " + things + " does " + a + " have now?";
                rationale = a + " starts with " + x + " " + things + ". " + a + " loses " + y + ", so "
                        + x + " - " + y + " = " + answer + ".";
            }
        }
        return item(question, rationale, answer);
    }
}
