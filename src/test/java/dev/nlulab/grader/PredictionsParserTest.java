package dev.nlulab.grader;

import dev.nlulab.labs.Key;
import dev.nlulab.metrics.PredictionKind;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A corpus of bad files, each with the message and line a student gets, and the formats that are fine. */
class PredictionsParserTest {
    private final Key key = new Key(List.of("q1", "q2", "q3"), List.of(List.of("a"), List.of("b"), List.of("c")));
    private final PredictionsParser parser = new PredictionsParser(10_000);

    private PredictionsParser.Result parse(String text, String name, PredictionKind kind) {
        return parser.parse(text.getBytes(StandardCharsets.UTF_8), name, key, kind);
    }

    private PredictionsParser.Result csv(String text) {
        return parse(text, "p.csv", PredictionKind.LABEL);
    }

    private static void assertProblem(PredictionsParser.Result r, int line, String text) {
        assertThat(r.valid()).isFalse();
        assertThat(r.predictions()).isNull();
        assertThat(r.problems()).anySatisfy(p -> {
            assertThat(p.line()).isEqualTo(line);
            assertThat(p.message()).contains(text);
        });
    }

    @Test
    void aGoodCsvIsAlignedWithTheKey() {
        PredictionsParser.Result r = csv("id,prediction\nq3,c\nq1,a\r\nq2,\"b, or so\"\n\n");
        assertThat(r.valid()).isTrue();
        assertThat(r.predictions()).containsExactly(List.of("a"), List.of("b, or so"), List.of("c"));
    }

    @Test
    void emptyFile() {
        assertProblem(csv(""), 0, "the file is empty");
        assertProblem(csv("\n  \n"), 0, "the file is empty");
    }

    @Test
    void hugeFile() {
        assertProblem(csv("id,prediction\n" + "q1,a\n".repeat(3000)), 0, "above the limit of");
    }

    @Test
    void binaryFile() {
        byte[] bytes = "id,prediction\nq1,a\u0000\u0001\n".getBytes(StandardCharsets.UTF_8);
        assertProblem(parser.parse(bytes, "p.csv", key, PredictionKind.LABEL), 2, "looks binary");
    }

    @Test
    void notUtf8() {
        byte[] head = "id,prediction\nq1,a\nq2,caf".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = java.util.Arrays.copyOf(head, head.length + 1);
        bytes[head.length] = (byte) 0xE9; // Latin-1 e-acute
        assertProblem(parser.parse(bytes, "p.csv", key, PredictionKind.LABEL), 3, "not UTF-8");
    }

    @Test
    void byteOrderMarkIsSkipped() {
        PredictionsParser.Result r = csv("\uFEFFid,prediction\nq1,a\nq2,b\nq3,c\n");
        assertThat(r.valid()).isTrue();
        assertThat(r.predictions().get(0)).containsExactly("a");
    }

    @Test
    void wrongDelimiter() {
        assertProblem(csv("id;prediction\nq1;a\nq2;b\nq3;c\n"), 1, "separated by ';'");
        assertProblem(csv("id\tprediction\nq1\ta\n"), 1, "separated by '\\t'");
        assertProblem(csv("id,prediction\nq1,a\nq2;b\nq3,c\n"), 3, "not ';'");
    }

    @Test
    void missingHeader() {
        assertProblem(csv("q1,a\nq2,b\nq3,c\n"), 1, "the first line must be the header id,prediction");
    }

    @Test
    void duplicateIds() {
        assertProblem(csv("id,prediction\nq1,a\nq2,b\nq1,c\nq3,c\n"), 4, "duplicate id 'q1' (first on line 2)");
    }

    @Test
    void missingIds() {
        assertProblem(csv("id,prediction\nq1,a\nq2,b\n"), 0, "1 of the 3 test ids have no prediction, e.g. 'q3'");
    }

    @Test
    void unknownIds() {
        assertProblem(csv("id,prediction\nq1,a\nq2,b\nq3,c\nzz,d\n"), 5, "unknown id 'zz'");
    }

    @Test
    void wrongColumnCountAndOpenQuotes() {
        assertProblem(csv("id,prediction\nq1,a,extra\nq2,b\nq3,c\n"), 2, "expected 2 columns, found 3");
        assertProblem(csv("id,prediction\nq1,\"a\nq2,b\nq3,c\n"), 2, "quoted cell is not closed");
    }

    @Test
    void nanAndInfinityAreRejectedForNumericMetrics() {
        PredictionsParser.Result r = parse("id,prediction\nq1,NaN\nq2,inf\nq3,1e999\n", "p.csv", PredictionKind.NUMBER);
        assertProblem(r, 2, "'NaN' is not a finite number");
        assertProblem(r, 3, "'inf' is not a finite number");
        assertProblem(r, 4, "too large");
        assertThat(parse("id,prediction\nq1,0.5\nq2,-3\nq3,2e-3\n", "p.csv", PredictionKind.NUMBER).valid()).isTrue();
    }

    @Test
    void formulaLookingCellsAreTextNeverEvaluated() {
        PredictionsParser.Result labels = csv("id,prediction\nq1,=1+1\nq2,@SUM(A1)\nq3,\"=HYPERLINK(\"\"x\"\")\"\n");
        assertThat(labels.valid()).isTrue();
        assertThat(labels.predictions()).containsExactly(List.of("=1+1"), List.of("@SUM(A1)"), List.of("=HYPERLINK(\"x\")"));
        assertProblem(parse("id,prediction\nq1,=1+1\nq2,2\nq3,3\n", "p.csv", PredictionKind.NUMBER), 2, "'=1+1' is not a finite number");
    }

    @Test
    void emptyPredictionsAndIds() {
        assertProblem(csv("id,prediction\nq1,\nq2,b\nq3,c\n"), 2, "empty prediction");
        assertProblem(csv("id,prediction\n,a\nq1,a\nq2,b\nq3,c\n"), 2, "empty id");
    }

    @Test
    void rankingsAsPipesAsRowsOrAsJsonArrays() {
        PredictionsParser.Result pipes = parse("id,prediction\nq1,a|x\nq2, b | y \nq3,c\n", "p.csv", PredictionKind.RANKING);
        assertThat(pipes.predictions()).containsExactly(List.of("a", "x"), List.of("b", "y"), List.of("c"));
        PredictionsParser.Result rows = parse("id,rank,candidate\nq1,2,x\nq1,1,a\nq2,1,b\nq3,1,c\n", "p.csv", PredictionKind.RANKING);
        assertThat(rows.predictions()).containsExactly(List.of("a", "x"), List.of("b"), List.of("c"));
        PredictionsParser.Result jsonl = parse("{\"id\":\"q1\",\"prediction\":[\"a\",\"x\"]}\n{\"id\":\"q2\",\"prediction\":[\"b\"]}\n"
                + "{\"id\":\"q3\",\"prediction\":[\"c\"]}\n", "p.jsonl", PredictionKind.RANKING);
        assertThat(jsonl.predictions()).containsExactly(List.of("a", "x"), List.of("b"), List.of("c"));
    }

    @Test
    void badRankings() {
        assertProblem(parse("id,prediction\nq1,a|a\nq2,b\nq3,c\n", "p.csv", PredictionKind.RANKING), 2, "'a' appears twice");
        assertProblem(parse("id,prediction\nq1,a||b\nq2,b\nq3,c\n", "p.csv", PredictionKind.RANKING), 2, "empty candidate");
        assertProblem(parse("id,rank,candidate\nq1,1,a\nq1,1,b\nq2,1,b\nq3,1,c\n", "p.csv", PredictionKind.RANKING), 3, "rank 1 twice");
        assertProblem(parse("id,rank,candidate\nq1,first,a\n", "p.csv", PredictionKind.RANKING), 2, "rank must be a whole number");
        assertProblem(parse("{\"id\":\"q1\",\"prediction\":[]}\n", "p.jsonl", PredictionKind.RANKING), 1, "the ranking is empty");
    }

    @Test
    void badJsonLines() {
        PredictionsParser.Result r = parse("{\"id\":\"q1\",\"prediction\":\"a\"}\n{\"id\":\"q2\" \"prediction\":\"b\"}\n{\"id\":\"q3\"}\n",
                "p.jsonl", PredictionKind.LABEL);
        assertProblem(r, 2, "not a JSON object");
        assertProblem(r, 3, "needs \"id\" and \"prediction\"");
        assertProblem(parse("{\"id\":\"q1\",\"prediction\":[\"a\"]}\n", "p.jsonl", PredictionKind.LABEL), 1, "a single value, not a list");
    }

    @Test
    void aFileWithoutAKnownExtensionIsSniffed() {
        PredictionsParser.Result r = parse("{\"id\":\"q1\",\"prediction\":\"a\"}\n{\"id\":\"q2\",\"prediction\":\"b\"}\n"
                + "{\"id\":\"q3\",\"prediction\":\"c\"}\n", "predictions.txt", PredictionKind.LABEL);
        assertThat(r.valid()).isTrue();
    }

    @Test
    void onlyTheFirstTwentyProblemsAreListed() {
        StringBuilder sb = new StringBuilder("id,prediction\n");
        for (int i = 0; i < 30; i++) sb.append("u").append(i).append(",a\n");
        PredictionsParser.Result r = csv(sb.toString());
        assertThat(r.problems()).hasSize(PredictionsParser.MAX_PROBLEMS);
        assertThat(r.problems().get(0)).isEqualTo(new PredictionsParser.Problem(2, "unknown id 'u0' (not in the test set)"));
        assertThat(r.moreProblems()).isEqualTo(11); // 10 more unknown ids and the missing ones
        assertThat(r.message()).startsWith("line 2: unknown id 'u0'").endsWith("... and 11 more problems");
    }
}
