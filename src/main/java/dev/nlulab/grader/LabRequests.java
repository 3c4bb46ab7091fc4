package dev.nlulab.grader;

import dev.nlulab.labs.Exercise;
import dev.nlulab.labs.Lab;
import dev.nlulab.labs.LabCatalog;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;

/** What the lab pages read from a request: the lab and exercise its path names (404 when there is none), a submission id. */
final class LabRequests {
    private final LabCatalog labs;

    LabRequests(LabCatalog labs) {
        this.labs = labs;
    }

    Lab lab(Context ctx) {
        return labs.lab(ctx.pathParam("lab")).orElseThrow(() -> new NotFoundResponse("There is no lab '" + ctx.pathParam("lab") + "'."));
    }

    static Exercise exercise(Context ctx, Lab lab) {
        return lab.exercise(ctx.pathParam("exercise"))
                .orElseThrow(() -> new NotFoundResponse("Lab " + lab.id() + " has no exercise '" + ctx.pathParam("exercise") + "'."));
    }

    /** A submission id from a form or path; anything else is "no such submission". */
    static long submissionId(String text) {
        try {
            return Long.parseLong(text == null ? "" : text.trim());
        } catch (NumberFormatException e) {
            throw new NotFoundResponse("There is no such submission.");
        }
    }
}
