package dev.nlulab.tasks;

import static dev.nlulab.tasks.Vocabulary.between;

import java.util.List;
import java.util.Random;

/**
 * Weekdays (out of distribution): which day of the week it is some days from now or ago. A scenario
 * the pretraining mix does not have: commonsense with a short text answer.
 */
public final class WeekdayFamily extends FamilyBase {
    static final List<String> DAYS = List.of(
            "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday");

    public WeekdayFamily() {
        super("weekdays", Scenario.COMMONSENSE_SHORT, "Day-of-week arithmetic: some days from now or ago (out of distribution)");
    }

    @Override
    public TaskItem generate(Random random) {
        int anchor = random.nextInt(7), days = between(random, 2, 99);
        int shift = random.nextInt(3) - 1; // the day named: yesterday (-1), today (0) or tomorrow (+1)
        boolean ahead = random.nextBoolean();
        int today = Math.floorMod(anchor - shift, 7);
        int weeks = days / 7, rest = days % 7;
        int target = Math.floorMod(today + (ahead ? rest : -rest), 7);
        String told = switch (shift) {
            case -1 -> "Yesterday was " + DAYS.get(anchor) + ".";
            case 1 -> "Tomorrow is " + DAYS.get(anchor) + ".";
            default -> "Today is " + DAYS.get(anchor) + ".";
        };
        String question = told + " What day of the week "
                + (ahead ? "will it be in " + days + " days?" : "was it " + days + " days ago?");
        String rationale = (shift == 0 ? "" : told.replace(".", ", so today is " + DAYS.get(today) + ". "))
                + "A week has 7 days. " + days + " days are " + count(weeks, "week") + " and " + count(rest, "day") + ". "
                + (rest == 0 ? "Whole weeks end on the same day, " + DAYS.get(today) + "."
                : count(rest, "day") + " " + (ahead ? "after " : "before ") + DAYS.get(today) + " is " + DAYS.get(target) + ".");
        return item(question, rationale, DAYS.get(target));
    }

    private static String count(int n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}
