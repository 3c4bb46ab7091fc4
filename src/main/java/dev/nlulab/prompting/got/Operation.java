package dev.nlulab.prompting.got;

import dev.nlulab.prompting.LlmCall;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One node of a graph of operations. It reads the thoughts of its predecessors (in predecessor order) and
 * makes its own. An operation that asks the LLM does so in two steps, so that the controller can batch the
 * asks of many problems' graphs together: {@link #asks} says what to ask, {@link #execute} gets the answers
 * in the same order and makes the thoughts.
 */
public abstract class Operation {
    /** One request: the prompt, and which previous thought and branch it is for (they pick its seed). */
    public record Ask(String prompt, int thought, int branch) {}

    /** What an operation sees of the problem: its parameters and the task's prompter and parser. */
    public record Problem(Map<String, String> parameters, Prompter prompter, Parser parser) {}

    final List<Operation> predecessors = new ArrayList<>();
    final List<Operation> successors = new ArrayList<>();
    private List<Thought> thoughts = List.of();
    private boolean executed;
    int index = -1; // position in its graph, set when added

    /** The operation's name in a report: "Generate", "Score", ... */
    public abstract String type();

    /** The requests this operation sends for the problem; none for operations that do not ask the LLM. */
    public List<Ask> asks(Problem problem) {
        return List.of();
    }

    /** Makes this operation's thoughts from the previous ones and the answers to {@link #asks}, in order. */
    protected abstract List<Thought> run(Problem problem, List<LlmCall> answers);

    public final void execute(Problem problem, List<LlmCall> answers) {
        thoughts = List.copyOf(run(problem, answers));
        executed = true;
    }

    public boolean executed() {
        return executed;
    }

    public boolean canBeExecuted() {
        return predecessors.stream().allMatch(Operation::executed);
    }

    public List<Thought> thoughts() {
        return thoughts;
    }

    public int index() {
        return index;
    }

    public List<Operation> predecessors() {
        return List.copyOf(predecessors);
    }

    /** The predecessors' thoughts, one after the other. */
    protected List<Thought> previous() {
        List<Thought> out = new ArrayList<>();
        for (Operation p : predecessors) out.addAll(p.thoughts());
        return out;
    }

    /** {@link #previous}, or at a root (no predecessors) one thought of the problem's parameters. */
    protected List<Thought> previousOrRoot(Problem problem) {
        return predecessors.isEmpty() ? List.of(Thought.of(problem.parameters())) : previous();
    }

    public Operation after(Operation... before) {
        for (Operation p : before) {
            predecessors.add(p);
            p.successors.add(this);
        }
        return this;
    }
}
