package dev.nlulab.tasks;

import static dev.nlulab.tasks.Vocabulary.between;
import static dev.nlulab.tasks.Vocabulary.distinct;
import static dev.nlulab.tasks.Vocabulary.pick;
import static dev.nlulab.tasks.Vocabulary.singular;

import java.util.List;
import java.util.Random;

/** GSM8K-like: three or four steps, with money, containers, comparisons and sharing. */
public final class Gsm8kFamily extends FamilyBase {
    private static final List<String> GIFTS = List.of("book", "ball", "hat", "kite", "game", "cake", "lamp", "bag");

    public Gsm8kFamily() {
        super("gsm8k", Scenario.ARITHMETIC_SHORT, "GSM8K-like word problems: three or four steps");
    }

    @Override
    public TaskItem generate(Random random) {
        List<String> people = distinct(random, Vocabulary.NAMES, 3);
        String a = people.get(0), b = people.get(1), c = people.get(2), things = pick(random, Vocabulary.THINGS);
        String boxes = pick(random, Vocabulary.CONTAINERS), box = singular(boxes);
        String question, rationale;
        int answer;
        switch (random.nextInt(4)) {
            case 0 -> {
                int n = between(random, 2, 6), price = between(random, 2, 9), gift = between(random, 3, 20);
                String item = pick(random, GIFTS);
                int spent = n * price, total = spent + gift, money = total + between(random, 1, 40);
                answer = money - total;
                question = a + " has " + money + " dollars. " + a + " buys " + n + " " + things + " for " + price
                        + " dollars each. " + a + " also buys a " + item + " for " + gift
                        + " dollars. How many dollars does " + a + " have left?";
                rationale = "The " + things + " cost " + n + " * " + price + " = " + spent + " dollars. In all "
                        + a + " spends " + spent + " + " + gift + " = " + total + " dollars. " + a + " has "
                        + money + " - " + total + " = " + answer + " dollars left.";
            }
            case 1 -> {
                int n = between(random, 3, 9), per = between(random, 3, 9), total = n * per;
                int toB = between(random, 2, total / 2), toC = between(random, 2, total - toB - 1);
                int left = total - toB;
                answer = left - toC;
                question = a + " has " + n + " " + boxes + " of " + things + " with " + per + " " + things
                        + " in each " + box + ". " + a + " gives " + toB + " " + things + " to " + b + ". " + a
                        + " gives " + toC + " " + things + " to " + c + ". How many " + things + " does " + a
                        + " have now?";
                rationale = a + " has " + n + " * " + per + " = " + total + " " + things + ". After giving " + toB
                        + " to " + b + ", " + a + " has " + total + " - " + toB + " = " + left + ". After giving "
                        + toC + " to " + c + ", " + a + " has " + left + " - " + toC + " = " + answer + ".";
            }
            case 2 -> {
                int x = between(random, 3, 12), k = between(random, 2, 5), bHas = k * x;
                int given = between(random, 2, bHas - 1), bLeft = bHas - given;
                answer = x + bLeft;
                question = a + " has " + x + " " + things + ". " + b + " has " + k + " times as many " + things
                        + " as " + a + ". " + b + " gives " + given + " " + things + " to " + c + ". How many "
                        + things + " do " + a + " and " + b + " have together?";
                rationale = b + " has " + k + " * " + x + " = " + bHas + " " + things + ". After giving " + given
                        + " away, " + b + " has " + bHas + " - " + given + " = " + bLeft + ". Together they have "
                        + x + " + " + bLeft + " = " + answer + ".";
            }
            default -> {
                int friends = between(random, 2, 5), share = between(random, 3, 10), total = friends * share;
                int n = total >= 7 ? between(random, 2, 3) : 2, per = between(random, 2, Math.min(9, (total - 1) / n));
                int bought = n * per, start = total - bought;
                answer = share;
                question = a + " has " + start + " " + things + ". " + a + " buys " + n + " " + boxes + " of "
                        + things + " with " + per + " " + things + " in each " + box + ". " + a + " shares the "
                        + things + " equally among " + friends + " friends. How many " + things
                        + " does each friend get?";
                rationale = a + " buys " + n + " * " + per + " = " + bought + " " + things + ". Now " + a + " has "
                        + start + " + " + bought + " = " + total + ". Each friend gets " + total + " / " + friends
                        + " = " + answer + ".";
            }
        }
        return item(question, rationale, answer);
    }
}
