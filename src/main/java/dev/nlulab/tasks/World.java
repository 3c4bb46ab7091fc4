package dev.nlulab.tasks;

import java.util.List;

/**
 * The small world the commonsense families ask about: places, the things kept there, what they are
 * made of and what they are used for. Fixed (not seeded), so that facts stay true across items and a
 * model can learn them the way a large model learns common sense; questions chain two or three facts.
 */
public final class World {
    /** A place, the phrase that describes it without naming it, and whether it is indoors. */
    public record Place(String name, String description, boolean indoors) {
        /** "in the kitchen", "at the beach", "on the farm". */
        public String at() {
            return switch (name) {
                case "beach" -> "at the beach";
                case "farm" -> "on the farm";
                default -> "in the " + name;
            };
        }
    }

    /** A thing, where it is usually kept, what it is made of, and what you use it to do. */
    public record Thing(String name, String place, String material, String use) {
    }

    public static final List<Place> PLACES = List.of(
            new Place("kitchen", "the room where you cook food", true),
            new Place("bedroom", "the room where you sleep", true),
            new Place("bathroom", "the room where you take a bath", true),
            new Place("garden", "the place where flowers grow", false),
            new Place("classroom", "the room where pupils have lessons", true),
            new Place("office", "the room where people work at desks", true),
            new Place("garage", "the place where a car is parked", true),
            new Place("beach", "the place where the sea meets the sand", false),
            new Place("library", "the place where you borrow books", true),
            new Place("farm", "the place where cows are kept", false));

    public static final List<String> MATERIALS = List.of(
            "metal", "wood", "glass", "cloth", "paper", "plastic", "rubber", "leather");

    public static final List<Thing> THINGS = List.of(
            new Thing("knife", "kitchen", "metal", "cut bread"),
            new Thing("frying pan", "kitchen", "metal", "fry eggs"),
            new Thing("kettle", "kitchen", "metal", "boil water"),
            new Thing("rolling pin", "kitchen", "wood", "roll out dough"),
            new Thing("pillow", "bedroom", "cloth", "rest your head at night"),
            new Thing("blanket", "bedroom", "cloth", "keep warm in bed"),
            new Thing("wardrobe", "bedroom", "wood", "hang your clothes"),
            new Thing("towel", "bathroom", "cloth", "dry yourself"),
            new Thing("toothbrush", "bathroom", "plastic", "clean your teeth"),
            new Thing("mirror", "bathroom", "glass", "see your face"),
            new Thing("shovel", "garden", "metal", "dig holes"),
            new Thing("hose", "garden", "rubber", "water the plants"),
            new Thing("bench", "garden", "wood", "sit outside"),
            new Thing("eraser", "classroom", "rubber", "rub out pencil marks"),
            new Thing("notebook", "classroom", "paper", "write down lessons"),
            new Thing("ruler", "classroom", "wood", "draw straight lines"),
            new Thing("stapler", "office", "metal", "join sheets of paper"),
            new Thing("keyboard", "office", "plastic", "type letters"),
            new Thing("envelope", "office", "paper", "post a letter"),
            new Thing("spanner", "garage", "metal", "turn bolts"),
            new Thing("tyre", "garage", "rubber", "let a car roll"),
            new Thing("oil can", "garage", "metal", "oil a chain"),
            new Thing("bucket", "beach", "plastic", "carry sand"),
            new Thing("surfboard", "beach", "plastic", "ride the waves"),
            new Thing("sunshade", "beach", "cloth", "keep the sun off"),
            new Thing("bookshelf", "library", "wood", "hold rows of books"),
            new Thing("storybook", "library", "paper", "read a story"),
            new Thing("reading lamp", "library", "glass", "light the page"),
            new Thing("saddle", "farm", "leather", "ride a horse"),
            new Thing("fence", "farm", "wood", "keep the cows in"),
            new Thing("milk pail", "farm", "metal", "collect milk"),
            new Thing("tractor", "farm", "metal", "pull a plough"));

    private World() {
    }

    public static Place place(String name) {
        return PLACES.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no place named " + name));
    }

    /** "a knife", "an eraser". */
    static String a(String noun) {
        return ("aeiou".indexOf(noun.charAt(0)) >= 0 ? "an " : "a ") + noun;
    }

    /** "the thing you use to cut bread": names a thing by its use, the first hop of a question. */
    static String byUse(Thing thing) {
        return "the thing you use to " + thing.use();
    }
}
