package dev.nlulab.prompting.methods;

import dev.nlulab.tasks.Scenario;

/**
 * What a question is taken to be: its Meta-CoT scenario and, where the identifier can tell, its data set
 * (Auto-CoT picks demonstrations per data set; an LLM identifier names only the scenario).
 */
public record Task(String dataset, Scenario scenario) {
    public Task {
        if (scenario == null) throw new IllegalArgumentException("a task needs a scenario");
    }

    public static Task of(Scenario scenario) {
        return new Task(null, scenario);
    }
}
