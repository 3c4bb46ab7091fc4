package dev.nlulab.tasks;

import static dev.nlulab.tasks.Vocabulary.between;
import static dev.nlulab.tasks.Vocabulary.distinct;
import static dev.nlulab.tasks.Vocabulary.pick;
import static dev.nlulab.tasks.Vocabulary.singular;

import java.util.List;
import java.util.Random;

/** MultiArith-like: two operations in a row, one of them a multiplication or an even share. */
public final class MultiArithFamily extends FamilyBase {
    public MultiArithFamily() {
        super("multiarith", Scenario.ARITHMETIC_SHORT, "MultiArith-like word problems: two steps mixing + - * /");
    }

    @Override
    public TaskItem generate(Random random) {
        List<String> people = distinct(random, Vocabulary.NAMES, 2);
        String a = people.get(0), b = people.get(1), things = pick(random, Vocabulary.THINGS);
        String boxes = pick(random, Vocabulary.CONTAINERS), box = singular(boxes);
        String question, rationale;
        int answer;
        switch (random.nextInt(3)) {
            case 0 -> {
                int n = between(random, 2, 9), per = between(random, 2, 9);
                int total = n * per, given = between(random, 2, total - 1);
                answer = total - given;
                question = a + " has " + n + " " + boxes + " of " + things + " with " + per + " " + things
                        + " in each " + box + ". " + a + " gives " + given + " " + things + " to " + b
                        + ". How many " + things + " does " + a + " have now?";
                rationale = a + " has " + n + " " + boxes + " of " + per + ", so " + n + " * " + per + " = " + total
                        + ". " + a + " gives away " + given + ", so " + total + " - " + given + " = " + answer + ".";
            }
            case 1 -> {
                int friends = between(random, 2, 6), share = between(random, 2, 12);
                int total = friends * share, found = between(random, 2, total - 1), start = total - found;
                answer = share;
                question = a + " has " + start + " " + things + ". " + a + " finds " + found + " more " + things
                        + ". " + a + " shares the " + things + " equally among " + friends
                        + " friends. How many " + things + " does each friend get?";
                rationale = a + " has " + start + " and finds " + found + ", so " + start + " + " + found + " = "
                        + total + ". Shared among " + friends + " friends, " + total + " / " + friends + " = "
                        + answer + ".";
            }
            default -> {
                int start = between(random, 5, 40), n = between(random, 2, 6), per = between(random, 2, 9);
                int bought = n * per;
                answer = start + bought;
                question = a + " has " + start + " " + things + ". " + a + " buys " + n + " " + boxes + " of "
                        + things + " with " + per + " " + things + " in each " + box + ". How many " + things
                        + " does " + a + " have now?";
                rationale = a + " buys " + n + " " + boxes + " of " + per + ", so " + n + " * " + per + " = "
                        + bought + ". " + a + " now has " + start + " + " + bought + " = " + answer + ".";
            }
        }
        return item(question, rationale, answer);
    }
}
