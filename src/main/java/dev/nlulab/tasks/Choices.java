package dev.nlulab.tasks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Five answer choices, the right one at a random letter. */
record Choices(List<String> options, String letter) {

    /** The right answer among four wrong ones (which must differ from it and from each other). */
    static Choices of(Random random, String right, List<String> wrong) {
        if (wrong.size() != 4 || wrong.contains(right) || wrong.stream().distinct().count() != 4) {
            throw new IllegalArgumentException("need four distinct wrong choices besides '" + right + "': " + wrong);
        }
        List<String> all = new ArrayList<>(wrong);
        all.add(right);
        Collections.shuffle(all, random);
        return new Choices(List.copyOf(all), TaskItem.LETTERS.get(all.indexOf(right)));
    }

    /** Four distinct positive numbers near {@code right}, none equal to it: the slips a solver makes. */
    static List<String> nearbyNumbers(Random random, int right) {
        List<String> wrong = new ArrayList<>();
        while (wrong.size() < 4) {
            int delta = Vocabulary.between(random, 1, Math.max(5, right / 3)) * (random.nextBoolean() ? 1 : -1);
            int candidate = right + delta;
            if (candidate > 0 && !wrong.contains(String.valueOf(candidate))) wrong.add(String.valueOf(candidate));
        }
        return wrong;
    }

    /** "{value} is choice {letter}." — the step that maps a worked value to its letter. */
    String pointer(String value) {
        return value + " is choice " + letter + ".";
    }
}
