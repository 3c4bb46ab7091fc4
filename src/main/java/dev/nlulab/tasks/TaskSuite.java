package dev.nlulab.tasks;

import java.util.List;

/** Every task family with the role it plays: pretraining and Meta-CoT, out-of-distribution tests, fine-tuning. */
public final class TaskSuite {
    /** What a family is for; a family has exactly one role. */
    public enum Role {
        /** In the pretraining mix and the Meta-CoT lab's ten in-distribution data sets. */
        IN_DISTRIBUTION,
        /** Never pretrained on: tests how prompting carries over to new templates or scenarios. */
        OUT_OF_DISTRIBUTION,
        /** Never pretrained on: held out for the QA-LoRA fine-tuning lab. */
        FINE_TUNING
    }

    /** A family and its role. */
    public record Entry(TaskFamily family, Role role) {
        public boolean inDistribution() {
            return role == Role.IN_DISTRIBUTION;
        }

        public boolean outOfDistribution() {
            return role == Role.OUT_OF_DISTRIBUTION;
        }

        public boolean fineTuning() {
            return role == Role.FINE_TUNING;
        }
    }

    private static final List<Entry> ENTRIES = List.of(
            new Entry(new AddSubFamily(), Role.IN_DISTRIBUTION),
            new Entry(new MultiArithFamily(), Role.IN_DISTRIBUTION),
            new Entry(new SingleEqFamily(), Role.IN_DISTRIBUTION),
            new Entry(new SvampFamily(), Role.IN_DISTRIBUTION),
            new Entry(new Gsm8kFamily(), Role.IN_DISTRIBUTION),
            new Entry(new AquaFamily(), Role.IN_DISTRIBUTION),
            new Entry(new CommonsenseQaFamily(), Role.IN_DISTRIBUTION),
            new Entry(new StrategyQaFamily(), Role.IN_DISTRIBUTION),
            new Entry(new LastLettersFamily(), Role.IN_DISTRIBUTION),
            new Entry(new CoinFlipFamily(), Role.IN_DISTRIBUTION),
            new Entry(new AsdivFamily(), Role.OUT_OF_DISTRIBUTION),
            new Entry(new WeekdayFamily(), Role.OUT_OF_DISTRIBUTION),
            new Entry(new ReverseWordsFamily(), Role.FINE_TUNING),
            new Entry(new SortDigitsFamily(), Role.FINE_TUNING));

    private TaskSuite() {
    }

    public static List<Entry> entries() {
        return ENTRIES;
    }

    public static List<TaskFamily> families() {
        return ENTRIES.stream().map(Entry::family).toList();
    }

    public static List<TaskFamily> families(Role role) {
        return ENTRIES.stream().filter(e -> e.role() == role).map(Entry::family).toList();
    }

    /** The families a pretraining run may see: the in-distribution ten. */
    public static List<TaskFamily> pretraining() {
        return families(Role.IN_DISTRIBUTION);
    }

    public static Entry entry(String familyId) {
        return ENTRIES.stream().filter(e -> e.family().id().equals(familyId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown task family '" + familyId + "'; known: "
                        + String.join(", ", families().stream().map(TaskFamily::id).toList())));
    }

    public static TaskFamily family(String familyId) {
        return entry(familyId).family();
    }
}
