package dev.nlulab.tasks;

import static dev.nlulab.tasks.Vocabulary.pick;

import dev.nlulab.tasks.World.Place;
import dev.nlulab.tasks.World.Thing;
import java.util.List;
import java.util.Random;

/** CommonsenseQA-like: five-way multiple choice over the {@link World}, one to three hops. */
public final class CommonsenseQaFamily extends FamilyBase {
    public CommonsenseQaFamily() {
        super("csqa", Scenario.COMMONSENSE_CHOICE, "CommonsenseQA-like multiple choice over places, things, materials and uses");
    }

    @Override
    public TaskItem generate(Random random) {
        Thing thing = pick(random, World.THINGS);
        String question, work;
        Choices choices;
        switch (random.nextInt(4)) {
            case 0 -> {
                Place place = World.place(thing.place());
                List<String> wrong = Vocabulary.distinct(random, World.THINGS.stream()
                        .filter(t -> !t.place().equals(place.name())).map(Thing::name).toList(), 4);
                choices = Choices.of(random, thing.name(), wrong);
                question = "Which of these would you most likely find in " + place.description() + "?";
                work = capitalize(place.description()) + " is the " + place.name() + ". Of the choices, only the "
                        + thing.name() + " is usually kept " + place.at() + ". " + choices.pointer("The " + thing.name());
            }
            case 1 -> {
                List<String> wrong = Vocabulary.distinct(random, World.PLACES.stream().map(Place::name)
                        .filter(p -> !p.equals(thing.place())).toList(), 4);
                choices = Choices.of(random, thing.place(), wrong);
                question = "Where would you most likely find " + World.byUse(thing) + "?";
                work = capitalize(World.byUse(thing)) + " is " + World.a(thing.name()) + ". " + capitalize(World.a(thing.name()))
                        + " is usually kept " + World.place(thing.place()).at() + ". " + choices.pointer("The " + thing.place());
            }
            case 2 -> {
                List<String> wrong = Vocabulary.distinct(random, World.MATERIALS.stream()
                        .filter(m -> !m.equals(thing.material())).toList(), 4);
                choices = Choices.of(random, thing.material(), wrong);
                question = "What is " + World.byUse(thing) + " usually made of?";
                work = capitalize(World.byUse(thing)) + " is " + World.a(thing.name()) + ". " + capitalize(World.a(thing.name()))
                        + " is usually made of " + thing.material() + ". " + choices.pointer(capitalize(thing.material()));
            }
            default -> {
                List<String> wrong = Vocabulary.distinct(random, World.THINGS.stream()
                        .filter(t -> !t.material().equals(thing.material())).map(Thing::name).toList(), 4);
                choices = Choices.of(random, thing.name(), wrong);
                question = "Which of these is usually made of " + thing.material() + "?";
                work = "Of the choices, only the " + thing.name() + " is usually made of " + thing.material() + ". "
                        + choices.pointer("The " + thing.name());
            }
        }
        return item(question, choices.options(), work, choices.letter());
    }

    static String capitalize(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
