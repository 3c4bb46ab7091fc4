package dev.nlulab.ml.course;

import dev.nlulab.ml.TrainingExample;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Lines of arithmetic facts, "45 + 15 = 60. 7 * 8 = 56. 90 / 6 = 15.", with loss on the results only:
 * the operations the arithmetic families' rationales write, with their operand sizes, drilled many
 * times more often than the rationales alone show them. Almost every wrong arithmetic answer of the
 * first course models came with a false equation in its rationale (docs/course-model.md).
 */
public final class ArithmeticDrills {
    /** One kind of equation: operator, digits of the left and right operand, and how often it comes. */
    record Kind(char op, int leftDigits, int rightDigits, int weight) {
    }

    /** Roughly the mix of equations in the arithmetic families' rationales. */
    static final List<Kind> KINDS = List.of(
            new Kind('+', 2, 2, 4), new Kind('+', 2, 1, 2), new Kind('+', 1, 2, 1), new Kind('+', 1, 1, 1),
            new Kind('-', 2, 2, 4), new Kind('-', 2, 1, 2), new Kind('-', 1, 1, 1),
            new Kind('*', 1, 1, 4), new Kind('*', 1, 2, 1), new Kind('*', 2, 1, 1),
            new Kind('/', 2, 1, 2), new Kind('/', 1, 1, 1));

    private final Random random;
    private final int totalWeight = KINDS.stream().mapToInt(Kind::weight).sum();

    public ArithmeticDrills(long seed) {
        this.random = new Random(seed);
    }

    /** A line of {@code equations} facts as example parts: "a op b =" context, " c." target. */
    public List<TrainingExample.Part> line(int equations) {
        List<TrainingExample.Part> parts = new ArrayList<>();
        for (int i = 0; i < equations; i++) {
            Equation e = equation(kind());
            parts.add(new TrainingExample.Part((i == 0 ? "" : " ") + e.left() + " " + e.op() + " " + e.right() + " =", false));
            parts.add(new TrainingExample.Part(" " + e.result() + ".", true));
        }
        return parts;
    }

    private Kind kind() {
        int r = random.nextInt(totalWeight);
        for (Kind k : KINDS) {
            if ((r -= k.weight()) < 0) return k;
        }
        throw new AssertionError();
    }

    record Equation(long left, char op, long right, long result) {
    }

    /** Differences are never negative, quotients always whole. */
    private Equation equation(Kind k) {
        long a = operand(k.leftDigits()), b = operand(k.rightDigits());
        return switch (k.op()) {
            case '+' -> new Equation(a, '+', b, a + b);
            case '-' -> new Equation(Math.max(a, b), '-', Math.min(a, b), Math.abs(a - b));
            case '*' -> new Equation(a, '*', b, a * b);
            case '/' -> {
                long divisor = operand(1), quotient = Math.max(1, operand(k.leftDigits()) / divisor);
                yield new Equation(quotient * divisor, '/', divisor, quotient);
            }
            default -> throw new IllegalArgumentException("unknown operator " + k.op());
        };
    }

    /** 1-9 for one digit, 10-99 for two. */
    private long operand(int digits) {
        return digits == 1 ? 1 + random.nextInt(9) : 10 + random.nextInt(90);
    }
}
