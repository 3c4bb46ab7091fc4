package dev.nlulab.tasks;

import static dev.nlulab.tasks.CommonsenseQaFamily.capitalize;
import static dev.nlulab.tasks.Vocabulary.pick;

import dev.nlulab.tasks.World.Place;
import dev.nlulab.tasks.World.Thing;
import java.util.Random;

/**
 * StrategyQA-like: yes/no questions whose answer needs two or three facts of the {@link World}.
 * Comparisons are asked as "the same" or "different" at random: a thing has one place and one
 * material but many others, so only asking both ways gives as many distinct yes questions as no ones.
 */
public final class StrategyQaFamily extends FamilyBase {
    public StrategyQaFamily() {
        super("strategyqa", Scenario.COMMONSENSE_YES_NO, "StrategyQA-like yes/no questions chaining facts about things and places");
    }

    @Override
    public TaskItem generate(Random random) {
        Thing thing = pick(random, World.THINGS);
        Place home = World.place(thing.place());
        String first = capitalize(World.byUse(thing)) + " is " + World.a(thing.name()) + ".";
        boolean match = random.nextBoolean(), askDifferent = random.nextBoolean();
        String question, rationale;
        boolean same;
        switch (random.nextInt(5)) {
            case 0 -> {
                String material = match ? thing.material() : pick(random, World.MATERIALS.stream()
                        .filter(m -> !m.equals(thing.material())).toList());
                same = material.equals(thing.material());
                question = "Is " + World.byUse(thing) + (askDifferent ? " made of something other than " : " usually made of ")
                        + material + "?";
                rationale = first + " " + capitalize(World.a(thing.name())) + " is usually made of " + thing.material() + "."
                        + (same ? "" : " " + capitalize(thing.material()) + " is not " + material + ".");
            }
            case 1 -> {
                Place place = match ? home : pick(random, World.PLACES.stream()
                        .filter(p -> !p.name().equals(home.name())).toList());
                same = place.equals(home);
                question = "Would you usually find " + World.byUse(thing) + (askDifferent ? " somewhere other than " : " in ")
                        + place.description() + "?";
                rationale = first + " " + capitalize(World.a(thing.name())) + " is usually kept " + home.at() + ". "
                        + capitalize(place.description()) + " is the " + place.name() + ".";
            }
            case 2 -> {
                // The saddle is the only leather thing: it can only be compared with something else.
                boolean possible = World.THINGS.stream().anyMatch(t -> t != thing && t.material().equals(thing.material()));
                Thing other = pick(random, World.THINGS.stream().filter(t -> t != thing
                        && t.material().equals(thing.material()) == (match && possible)).toList());
                same = other.material().equals(thing.material());
                question = "Is " + World.byUse(thing) + " made of " + (askDifferent ? "a different material from " : "the same material as ")
                        + World.a(other.name()) + "?";
                rationale = first + " " + capitalize(World.a(thing.name())) + " is made of " + thing.material() + ". "
                        + capitalize(World.a(other.name())) + " is made of " + other.material() + ".";
            }
            case 3 -> {
                Thing other = pick(random, World.THINGS.stream().filter(t -> t != thing
                        && t.place().equals(thing.place()) == match).toList());
                same = other.place().equals(thing.place());
                question = "Is " + World.byUse(thing) + " usually kept " + (askDifferent ? "in a different place from " : "in the same place as ")
                        + World.a(other.name()) + "?";
                rationale = first + " " + capitalize(World.a(thing.name())) + " is kept " + home.at() + ". "
                        + capitalize(World.a(other.name())) + " is kept " + World.place(other.place()).at() + ".";
            }
            default -> {
                Thing other = pick(random, World.THINGS.stream().filter(t -> t != thing
                        && t.place().equals(thing.place()) == match).toList());
                same = other.place().equals(thing.place());
                question = "Are " + World.byUse(thing) + " and " + World.byUse(other) + " usually kept "
                        + (askDifferent ? "in different places?" : "in the same place?");
                rationale = "The first is " + World.a(thing.name()) + ", kept " + home.at() + ". The second is "
                        + World.a(other.name()) + ", kept " + World.place(other.place()).at() + ". "
                        + (same ? "So they are kept in the same place." : "So they are kept in different places.");
            }
        }
        boolean yes = same != askDifferent;
        return item(question, rationale, yes ? "yes" : "no");
    }
}
