package dev.nlulab.tasks;

import java.util.List;
import java.util.Random;

/** Coin Flip: people flip or do not flip a coin that starts heads up; is it still heads up? */
public final class CoinFlipFamily extends FamilyBase {
    public CoinFlipFamily() {
        super("coinflip", Scenario.SYMBOLIC_YES_NO, "Coin Flip: track a coin through two to four flips or non-flips");
    }

    @Override
    public TaskItem generate(Random random) {
        List<String> people = Vocabulary.distinct(random, Vocabulary.NAMES, Vocabulary.between(random, 2, 4));
        StringBuilder question = new StringBuilder("A coin is heads up.");
        StringBuilder rationale = new StringBuilder("The coin starts heads up.");
        boolean headsUp = true;
        for (String person : people) {
            if (random.nextBoolean()) {
                headsUp = !headsUp;
                question.append(' ').append(person).append(" flips the coin.");
                rationale.append(' ').append(person).append(" flips it, so it is ")
                        .append(headsUp ? "heads" : "tails").append(" up.");
            } else {
                question.append(' ').append(person).append(" does not flip the coin.");
                rationale.append(' ').append(person).append(" does not flip it, so it stays ")
                        .append(headsUp ? "heads" : "tails").append(" up.");
            }
        }
        question.append(" Is the coin still heads up?");
        return item(question.toString(), rationale.toString(), headsUp ? "yes" : "no");
    }
}
