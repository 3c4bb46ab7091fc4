package dev.nlulab.tasks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Names and countable things the word problems are made of; short common words a small model can learn. */
final class Vocabulary {
    static final List<String> NAMES = List.of(
            "Ann", "Bob", "Tom", "Mia", "Sam", "Lily", "Max", "Zoe", "Ben", "Emma", "Jack", "Lucy", "Noah", "Ella",
            "Leo", "Kate", "Finn", "Rose", "Dan", "Amy", "Paul", "Nina", "Hugo", "Ruby", "Adam", "Sara", "Owen",
            "Ivy", "Carl", "Jane", "Eric", "Anna", "Luke", "Maya", "Ryan", "Alice", "Peter", "Grace", "Oscar", "Chloe");

    /** Plural nouns for things people collect; none is "dollars" (money has its own sentences). */
    static final List<String> THINGS = List.of(
            "apples", "pens", "books", "stickers", "marbles", "cards", "shells", "cookies", "stamps", "balloons",
            "toys", "eggs", "candies", "flowers", "rocks", "pencils", "buttons", "beads", "oranges", "crayons");

    static final List<String> CONTAINERS = List.of("boxes", "bags", "packs", "jars", "baskets");

    /** Short words for the list families (reverse); one token-ish each. */
    static final List<String> WORDS = List.of(
            "cat", "dog", "sun", "map", "cup", "hat", "pen", "box", "car", "bus", "egg", "fox", "key", "owl",
            "pig", "tree", "fish", "bird", "milk", "rain", "star", "ship", "moon", "door", "lamp", "ring", "cake",
            "bell", "boat", "frog", "kite", "leaf", "nest", "rose", "sock", "tent", "wolf", "yarn", "coat", "drum");

    private Vocabulary() {
    }

    static <T> T pick(Random random, List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    /** {@code n} distinct elements in random order. */
    static <T> List<T> distinct(Random random, List<T> list, int n) {
        List<T> copy = new ArrayList<>(list);
        Collections.shuffle(copy, random);
        return List.copyOf(copy.subList(0, n));
    }

    /** An integer in [lo, hi], both ends included. */
    static int between(Random random, int lo, int hi) {
        return lo + random.nextInt(hi - lo + 1);
    }

    /** The singular of a plural from {@link #CONTAINERS}: "boxes" -> "box". */
    static String singular(String plural) {
        if (plural.endsWith("xes")) return plural.substring(0, plural.length() - 2);
        return plural.substring(0, plural.length() - 1);
    }
}
