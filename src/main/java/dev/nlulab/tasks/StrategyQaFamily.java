package dev.nlulab.tasks;

import static dev.nlulab.tasks.CommonsenseQaFamily.capitalize;
import static dev.nlulab.tasks.Vocabulary.pick;

import dev.nlulab.tasks.World.Place;
import dev.nlulab.tasks.World.Thing;
import java.util.List;
import java.util.Random;

/** StrategyQA-like: yes/no questions whose answer needs two or three facts of the {@link World}. */
public final class StrategyQaFamily implements TaskFamily {
    @Override
    public String id() {
        return "strategyqa";
    }

    @Override
    public String description() {
        return "StrategyQA-like yes/no questions chaining facts about things and places";
    }

    @Override
    public Scenario scenario() {
        return Scenario.COMMONSENSE_YES_NO;
    }

    @Override
    public TaskItem generate(Random random) {
        Thing thing = pick(random, World.THINGS);
        Place home = World.place(thing.place());
        boolean wantYes = random.nextBoolean();
        String question, rationale;
        boolean yes;
        switch (random.nextInt(4)) {
            case 0 -> {
                String material = wantYes ? thing.material() : pick(random, World.MATERIALS.stream()
                        .filter(m -> !m.equals(thing.material())).toList());
                yes = material.equals(thing.material());
                question = "Is " + World.byUse(thing) + " usually made of " + material + "?";
                rationale = capitalize(World.byUse(thing)) + " is " + World.a(thing.name()) + ". " + capitalize(World.a(thing.name()))
                        + " is usually made of " + thing.material() + "."
                        + (yes ? "" : " " + capitalize(thing.material()) + " is not " + material + ".");
            }
            case 1 -> {
                Place place = wantYes ? home : pick(random, World.PLACES.stream()
                        .filter(p -> !p.name().equals(home.name())).toList());
                yes = place.equals(home);
                question = "Would you usually find " + World.byUse(thing) + " in " + place.description() + "?";
                rationale = capitalize(World.byUse(thing)) + " is " + World.a(thing.name()) + ". " + capitalize(World.a(thing.name()))
                        + " is usually kept " + home.at() + ". " + capitalize(place.description()) + " is the "
                        + place.name() + ". " + (yes ? "So you would find it there." : "So you would not find it there.");
            }
            case 2 -> {
                yes = home.indoors();
                question = "Is " + World.byUse(thing) + " usually kept indoors?";
                rationale = capitalize(World.byUse(thing)) + " is " + World.a(thing.name()) + ". " + capitalize(World.a(thing.name()))
                        + " is usually kept " + home.at() + ". The " + home.name() + " is "
                        + (home.indoors() ? "indoors" : "outdoors") + ".";
            }
            default -> {
                List<Thing> candidates = World.THINGS.stream().filter(t -> t != thing
                        && (t.place().equals(thing.place()) == wantYes)).toList();
                Thing other = pick(random, candidates);
                yes = other.place().equals(thing.place());
                question = "Are " + World.byUse(thing) + " and " + World.byUse(other)
                        + " usually kept in the same place?";
                rationale = "The first is " + World.a(thing.name()) + ", kept " + World.place(thing.place()).at() + ". The second is "
                        + World.a(other.name()) + ", kept " + World.place(other.place()).at() + ". "
                        + (yes ? "So they are kept in the same place." : "So they are kept in different places.");
            }
        }
        return new TaskItem("", id(), scenario(), question, List.of(), rationale, yes ? "yes" : "no");
    }
}
