package dev.nlulab.tasks;

import static dev.nlulab.tasks.Vocabulary.between;
import static dev.nlulab.tasks.Vocabulary.pick;

import java.util.Random;

/** AQuA-like: short algebra and arithmetic questions answered by one of five choices A-E. */
public final class AquaFamily extends FamilyBase {
    public AquaFamily() {
        super("aqua", Scenario.ARITHMETIC_CHOICE, "AQuA-like arithmetic with answer choices A-E");
    }

    @Override
    public TaskItem generate(Random random) {
        String question, work;
        int value;
        switch (random.nextInt(5)) {
            case 0 -> {
                String things = pick(random, Vocabulary.THINGS);
                int price = between(random, 2, 9), n = between(random, 2, 12);
                value = n * price;
                question = "A shop sells " + things + " for " + price + " dollars each. How many dollars do " + n
                        + " " + things + " cost?";
                work = "Each costs " + price + " dollars, so " + n + " * " + price + " = " + value + ".";
            }
            case 1 -> {
                int speed = between(random, 10, 60), hours = between(random, 2, 5);
                value = speed * hours;
                question = "A train travels " + speed + " miles each hour. How many miles does it travel in "
                        + hours + " hours?";
                work = "In " + hours + " hours it travels " + hours + " * " + speed + " = " + value + " miles.";
            }
            case 2 -> {
                int a = between(random, 2, 40);
                value = between(random, 1, 50);
                int b = value + a;
                question = "If x + " + a + " = " + b + ", what is x?";
                work = "x = " + b + " - " + a + " = " + value + ".";
            }
            case 3 -> {
                int w = between(random, 2, 15), l = between(random, 2, 20), sum = w + l;
                value = 2 * sum;
                question = "A rectangle is " + w + " meters wide and " + l + " meters long. What is its perimeter "
                        + "in meters?";
                work = "Width plus length is " + w + " + " + l + " = " + sum + ". The perimeter is 2 * " + sum
                        + " = " + value + ".";
            }
            default -> {
                int a = between(random, 2, 60), b = between(random, 2, 60);
                if ((a + b) % 2 == 1) b++;
                int sum = a + b;
                value = sum / 2;
                question = "What is the average of " + a + " and " + b + "?";
                work = "The sum is " + a + " + " + b + " = " + sum + ". The average is " + sum + " / 2 = " + value
                        + ".";
            }
        }
        String right = String.valueOf(value);
        Choices choices = Choices.of(random, right, Choices.nearbyNumbers(random, value));
        return item(question, choices.options(), work + " " + choices.pointer(right), choices.letter());
    }
}
