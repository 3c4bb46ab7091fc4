package dev.nlulab.tasks;

import static dev.nlulab.tasks.Vocabulary.between;
import static dev.nlulab.tasks.Vocabulary.distinct;
import static dev.nlulab.tasks.Vocabulary.pick;

import java.util.List;
import java.util.Random;

/** SingleEq-like: one equation, often with the unknown at the start ("had some ... now has ..."). */
public final class SingleEqFamily extends FamilyBase {
    public SingleEqFamily() {
        super("singleeq", Scenario.ARITHMETIC_SHORT, "SingleEq-like word problems: solve one equation, the unknown often at the start");
    }

    @Override
    public TaskItem generate(Random random) {
        List<String> people = distinct(random, Vocabulary.NAMES, 2);
        String a = people.get(0), b = people.get(1), things = pick(random, Vocabulary.THINGS);
        String question, rationale;
        int answer;
        switch (random.nextInt(4)) {
            case 0 -> {
                int start = between(random, 3, 50), bought = between(random, 2, 40), now = start + bought;
                answer = start;
                question = a + " had some " + things + ". " + a + " buys " + bought + " more " + things + ". Now "
                        + a + " has " + now + " " + things + ". How many " + things + " did " + a + " have at first?";
                rationale = a + " has " + now + " after buying " + bought + ". Before buying, " + a + " had "
                        + now + " - " + bought + " = " + answer + ".";
            }
            case 1 -> {
                int start = between(random, 10, 60), given = between(random, 2, start - 1), now = start - given;
                answer = start;
                question = a + " had some " + things + ". " + a + " gives " + given + " " + things + " to " + b
                        + ". Now " + a + " has " + now + " " + things + ". How many " + things + " did " + a
                        + " have at first?";
                rationale = a + " has " + now + " after giving away " + given + ". Before that, " + a + " had "
                        + now + " + " + given + " = " + answer + ".";
            }
            case 2 -> {
                int x = between(random, 2, 12), k = between(random, 2, 8);
                answer = x * k;
                question = a + " has " + x + " " + things + ". " + b + " has " + k + " times as many " + things
                        + " as " + a + ". How many " + things + " does " + b + " have?";
                rationale = b + " has " + k + " times " + x + ", so " + k + " * " + x + " = " + answer + ".";
            }
            default -> {
                int x = between(random, 10, 50), fewer = between(random, 2, x - 1), other = x - fewer;
                answer = x + other;
                question = a + " has " + x + " " + things + ". " + b + " has " + fewer + " fewer " + things
                        + " than " + a + ". How many " + things + " do " + a + " and " + b + " have together?";
                rationale = b + " has " + x + " - " + fewer + " = " + other + ". Together they have " + x + " + "
                        + other + " = " + answer + ".";
            }
        }
        return item(question, rationale, answer);
    }
}
