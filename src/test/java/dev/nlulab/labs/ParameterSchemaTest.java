package dev.nlulab.labs;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The job form of the good-lab fixture, filled in well and badly. */
class ParameterSchemaTest {
    private final ParameterSchema schema = new LabValidator(LabValidatorTest.COURSE.resolve("labs"), LabValidatorTest.COURSE.resolve("grader"))
            .validate("good-lab").lab().exercise("finetune").orElseThrow().parameters();

    @Test
    void aGoodFormResolvesToTypedValuesWithDefaults() {
        Map<String, Object> form = Map.of("rank", "16", "method", "lora", "merge", "false");
        assertThat(schema.validate(form)).isEmpty();
        Map<String, Object> values = schema.resolve(form);
        assertThat(values).containsEntry("rank", 16L).containsEntry("lr", 0.0002).containsEntry("method", "lora")
                .containsEntry("merge", false).containsEntry("note", "");
    }

    @Test
    void eachBadFieldGetsItsOwnMessage() {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("rank", "0");
        form.put("lr", "fast");
        form.put("method", "full");
        form.put("merge", "maybe");
        form.put("note", "x".repeat(21));
        form.put("epochs", "3");
        Map<String, String> errors = schema.validate(form);
        assertThat(errors).containsEntry("rank", "must be at least 1, was 0")
                .containsEntry("lr", "must be a number, was 'fast'")
                .containsEntry("method", "must be one of lora, qalora, was 'full'")
                .containsEntry("merge", "must be true or false, was 'maybe'")
                .containsEntry("note", "must have at most 20 characters")
                .containsEntry("epochs", "is not a parameter of this exercise");
        assertThat(schema.validate(Map.of("rank", 2.5))).containsEntry("rank", "must be a whole number, was '2.5'");
        assertThat(schema.validate(Map.of("lr", "NaN"))).containsEntry("lr", "must be a finite number, was 'NaN'");
        assertThatThrownBy(() -> schema.resolve(form)).hasMessageContaining("invalid parameters");
    }

    @Test
    void aParameterWithoutDefaultIsRequired() {
        ParameterSchema s = new ParameterSchema(java.util.List.of(new Parameter("steps", Parameter.Type.INT, 1.0, null, null, null, null)));
        assertThat(s.validate(Map.of())).containsEntry("steps", "is required");
        assertThat(s.validate(Map.of("steps", " "))).containsEntry("steps", "is required");
    }
}
