package dev.nlulab.prompting.methods;

import java.util.List;

/** Tells what task each question is (Meta-CoT's phase 1): by asking the LLM, or by embeddings. */
public interface ScenarioIdentifier {
    /** One identification per question, in the questions' order. */
    List<Identification> identify(List<Question> questions);

    /** Whether the identifications name a data set (Auto-CoT needs one), not only a scenario. */
    boolean namesDatasets();
}
