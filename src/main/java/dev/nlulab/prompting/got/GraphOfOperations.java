package dev.nlulab.prompting.got;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The plan of a Graph of Thoughts: operations and the edges between them. {@link #append} puts an operation
 * after every current leaf (a chain); {@link #add} adds one whose predecessors were set with
 * {@link Operation#after} (a branch or a join).
 */
public final class GraphOfOperations {
    private final List<Operation> operations = new ArrayList<>();

    /** Adds {@code op} after every leaf of the graph so far. */
    public <T extends Operation> T append(T op) {
        List<Operation> leaves = leaves();
        op.after(leaves.toArray(Operation[]::new));
        return add(op);
    }

    /** Adds {@code op}, whose predecessors (if any) are already in the graph. */
    public <T extends Operation> T add(T op) {
        if (op.index >= 0) throw new IllegalArgumentException("the operation is already in a graph");
        for (Operation p : op.predecessors) {
            if (!operations.contains(p)) throw new IllegalArgumentException("a predecessor of " + op.type() + " is not in the graph");
        }
        op.index = operations.size();
        operations.add(op);
        return op;
    }

    public List<Operation> operations() {
        return List.copyOf(operations);
    }

    /** Operations without successors: their thoughts are the graph's result. */
    public List<Operation> leaves() {
        return operations.stream().filter(o -> o.successors.isEmpty()).toList();
    }

    /** The leaves' thoughts. */
    public List<Thought> finalThoughts() {
        List<Thought> out = new ArrayList<>();
        for (Operation o : leaves()) out.addAll(o.thoughts());
        return out;
    }

    /**
     * The order the reference controller executes the operations in: start with every operation that can run,
     * take from the front, and queue each successor once all its predecessors have run.
     */
    public List<Operation> executionOrder() {
        Deque<Operation> queue = new ArrayDeque<>(operations.stream().filter(o -> o.predecessors.isEmpty()).toList());
        Set<Operation> done = new HashSet<>();
        List<Operation> order = new ArrayList<>();
        while (!queue.isEmpty()) {
            Operation op = queue.removeFirst();
            order.add(op);
            done.add(op);
            for (Operation s : op.successors) {
                if (done.containsAll(s.predecessors) && !queue.contains(s) && !done.contains(s)) queue.addLast(s);
            }
        }
        if (order.size() != operations.size()) throw new IllegalStateException("the graph has a cycle or an unreachable operation");
        return order;
    }
}
