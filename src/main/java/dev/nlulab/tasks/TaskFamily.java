package dev.nlulab.tasks;

import java.util.Random;

/** A seeded generator of one kind of question, e.g. AddSub-like word problems. */
public interface TaskFamily {
    /** Short stable id used in item ids and file names, e.g. "addsub". */
    String id();

    /** One line for people: what the family mirrors. */
    String description();

    Scenario scenario();

    /** A fresh item (with an empty id); the same Random state always gives the same item. */
    TaskItem generate(Random random);

    default AnswerForm form() {
        return scenario().form();
    }
}
