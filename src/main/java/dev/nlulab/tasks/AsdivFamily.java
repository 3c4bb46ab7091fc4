package dev.nlulab.tasks;

import static dev.nlulab.tasks.Vocabulary.between;
import static dev.nlulab.tasks.Vocabulary.pick;

import java.util.Random;

/**
 * ASDiv-like (out of distribution): mixed-operation word problems in settings and wordings that the
 * pretraining families never use (halls, bakeries, buses, reading plans).
 */
public final class AsdivFamily extends FamilyBase {
    public AsdivFamily() {
        super("asdiv", Scenario.ARITHMETIC_SHORT, "ASDiv-like mixed word problems with new settings (out of distribution)");
    }

    @Override
    public TaskItem generate(Random random) {
        String question, rationale;
        int answer;
        switch (random.nextInt(4)) {
            case 0 -> {
                int rows = between(random, 2, 9), per = between(random, 3, 9), seats = rows * per;
                int taken = between(random, 2, seats - 1);
                answer = seats - taken;
                question = "A hall has " + rows + " rows of chairs with " + per + " chairs in each row. " + taken
                        + " chairs are taken. How many chairs are free?";
                rationale = "The hall has " + rows + " * " + per + " = " + seats + " chairs. Free chairs are "
                        + seats + " - " + taken + " = " + answer + ".";
            }
            case 1 -> {
                int morning = between(random, 5, 40), afternoon = between(random, 5, 40), made = morning + afternoon;
                int sold = between(random, 2, made - 1);
                answer = made - sold;
                question = "A baker made " + morning + " cakes in the morning and " + afternoon
                        + " cakes in the afternoon. The baker sold " + sold + " cakes. How many cakes are left?";
                rationale = "The baker made " + morning + " + " + afternoon + " = " + made + " cakes. Left are "
                        + made + " - " + sold + " = " + answer + ".";
            }
            case 2 -> {
                int on = between(random, 10, 50), off = between(random, 2, on - 1), in = between(random, 2, 30);
                int after = on - off;
                answer = after + in;
                question = "A bus has " + on + " passengers. At the first stop, " + off + " people get off and " + in
                        + " people get on. How many passengers are on the bus now?";
                rationale = "After " + off + " get off, " + on + " - " + off + " = " + after + ". After " + in
                        + " get on, " + after + " + " + in + " = " + answer + ".";
            }
            default -> {
                String reader = pick(random, Vocabulary.NAMES);
                int perDay = between(random, 3, 12), days = between(random, 2, 7), read = perDay * days;
                int pages = read + between(random, 1, 60);
                answer = pages - read;
                question = reader + " reads " + perDay + " pages a day for " + days + " days. The book has " + pages
                        + " pages. How many pages are left to read?";
                rationale = reader + " reads " + perDay + " * " + days + " = " + read + " pages. Left are " + pages
                        + " - " + read + " = " + answer + ".";
            }
        }
        return item(question, rationale, answer);
    }
}
