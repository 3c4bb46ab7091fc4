package dev.nlulab.labs;

import dev.nlulab.content.Problem;

import java.util.List;

/**
 * A check of a loaded lab that needs more than the labs package knows (scoring a baseline needs the grader):
 * the validator runs every check it was given, and a lab with problems is not served.
 */
@FunctionalInterface
public interface LabCheck {
    List<Problem> check(Lab lab);
}
