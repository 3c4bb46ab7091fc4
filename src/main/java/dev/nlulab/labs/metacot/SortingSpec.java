package dev.nlulab.labs.metacot;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nlulab.jobs.SpecCheck;
import dev.nlulab.prompting.got.sorting.SortingPlans;

import java.util.List;

/**
 * A {@code got-sorting} job's spec, read and checked field by field; {@code {}} is Graph of Thoughts on the
 * course model with five tries per step.
 *
 * @param plan        io, tot or got
 * @param tries       got's responses per sort, merge and refine step
 * @param branches    tot's responses per step
 * @param levels      tot's refining rounds
 * @param temperature sampling temperature of every response (the branches must differ)
 */
public record SortingSpec(String plan, SortingPlans.Tries tries, int branches, int levels, double temperature, int maxTokens,
                          long seed, PromptingSpec.Backend backend, boolean dev) {
    public static final String KIND = "got-sorting";
    public static final List<String> PLANS = List.of("io", "tot", "got");

    public static SortingSpec read(JsonNode spec, SpecCheck check) {
        SpecFields f = new SpecFields(spec, check);
        String plan = f.choice("plan", PLANS, "got");
        int sort = f.integer("sort_tries", 1, 10, 5), merge = f.integer("merge_tries", 1, 10, 5), refine = f.integer("refine_tries", 0, 10, 5);
        int branches = f.integer("branches", 1, 20, 10), levels = f.integer("levels", 0, 3, 1);
        double temperature = f.number("temperature", 0, 2, 0.8);
        int maxTokens = f.integer("max_tokens", 16, 256, 96);
        long seed = f.longValue("seed", 1);
        PromptingSpec.Backend backend = PromptingSpec.backend(f, f.text("backend", "course"), f.text("model", ""));
        boolean dev = f.bool("dev", true);
        f.noOthers(KIND);
        if (temperature == 0 && (plan.equals("got") || plan.equals("tot"))) {
            f.problem("temperature", "must be above 0 for " + plan + ": at temperature 0 every try is the same and keeping the best chooses nothing");
        }
        return new SortingSpec(plan, new SortingPlans.Tries(sort, merge, refine), branches, levels, temperature, maxTokens, seed, backend, dev);
    }
}
