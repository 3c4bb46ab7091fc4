package dev.nlulab.tasks;

/** The id, scenario and description every family carries; subclasses write only {@code generate}. */
abstract class FamilyBase implements TaskFamily {
    private final String id;
    private final Scenario scenario;
    private final String description;

    FamilyBase(String id, Scenario scenario, String description) {
        this.id = id;
        this.scenario = scenario;
        this.description = description;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final Scenario scenario() {
        return scenario;
    }

    @Override
    public final String description() {
        return description;
    }

    /** A new item of this family (without an id; splits give ids). */
    protected TaskItem item(String question, String rationale, Object answer) {
        return item(question, java.util.List.of(), rationale, answer);
    }

    protected TaskItem item(String question, java.util.List<String> options, String rationale, Object answer) {
        return new TaskItem("", id, scenario, question, options, rationale, String.valueOf(answer));
    }
}
