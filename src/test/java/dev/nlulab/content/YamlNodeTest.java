package dev.nlulab.content;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one YAML reader of content: values keep their file lines, and every mistake names its line. */
class YamlNodeTest {
    private static ContentException error(String yaml, int firstLine) {
        try {
            YamlNode.parse(yaml, firstLine);
        } catch (ContentException e) {
            return e;
        }
        throw new AssertionError("no error for:\n" + yaml);
    }

    @Test
    void everyValueKnowsItsFileLineInABlockThatStartsLaterInTheFile() throws ContentException {
        YamlNode root = YamlNode.parse("title: Tokens\nobjectives:\n  - split text\n  - count pieces\nminutes: 20\n", 12);
        assertThat(root.line()).isEqualTo(12);
        assertThat(root.get("objectives").items()).extracting(YamlNode::line).containsExactly(14, 15);
        assertThat(root.get("minutes").line()).isEqualTo(16);
        assertThat(root.get("objectives").scalars("objectives")).containsExactly("split text", "count pieces");
        assertThat(root.get("minutes").integer("minutes")).isEqualTo(20);
    }

    @Test
    void aRepeatedKeyIsAnErrorAtTheSecondNamingTheFirst() {
        ContentException e = error("title: a\nsummary: b\ntitle: c\n", 2);
        assertThat(e.line()).isEqualTo(4);
        assertThat(e.getMessage()).isEqualTo("YAML: key 'title' appears twice (first on line 2)");
    }

    @Test
    void aSyntaxErrorAtTheEndOfTheTextIsShownOnItsLastLine() {
        ContentException e = error("questions:\n  - {id: q1, type: single\n\n\n", 30);
        assertThat(e.getMessage()).startsWith("YAML: ");
        assertThat(e.line()).isEqualTo(31);
    }

    @Test
    void aValueOfTheWrongShapeIsAnErrorAtItsLine() throws ContentException {
        YamlNode root = YamlNode.parse("id: q1\noptions: one\nanswer: many\n", 1);
        assertThatThrownBy(() -> root.get("options").sequence("options")).isInstanceOfSatisfying(ContentException.class,
                e -> assertThat(List.of(e.line(), e.getMessage())).containsExactly(2, "options must be a list"));
        assertThatThrownBy(() -> root.get("answer").integer("answer index")).isInstanceOfSatisfying(ContentException.class,
                e -> assertThat(List.of(e.line(), e.getMessage())).containsExactly(3, "answer index must be a whole number, was 'many'"));
        assertThatThrownBy(() -> root.mapping("x").get("id").mapping("id")).hasMessage("id must be a mapping of key: value");
    }

    @Test
    void emptyTextAndEmptyValuesAreNull() throws ContentException {
        assertThat(YamlNode.parse("", 3).isNull()).isTrue();
        YamlNode root = YamlNode.parse("a:\nb: ~\nc: 'null'\n", 1);
        assertThat(root.get("a").isNull()).isTrue();
        assertThat(root.get("b").isNull()).isTrue();
        assertThat(root.get("c").text()).isEqualTo("null"); // quoted: text, not nothing
    }

    @Test
    void plainJavaValuesFollowYamlsTypes() throws ContentException {
        Map<?, ?> m = (Map<?, ?>) YamlNode.parse("n: 3\nx: 0.5\nok: true\nname: '7'\nlist: [1, two]\nnothing: ~\n", 1).toJava();
        assertThat(m.get("n")).isEqualTo(3L);
        assertThat(m.get("x")).isEqualTo(0.5);
        assertThat(m.get("ok")).isEqualTo(true);
        assertThat(m.get("name")).isEqualTo("7");
        assertThat(m.get("list")).isEqualTo(List.of(1L, "two"));
        assertThat(m.containsKey("nothing")).isTrue();
        assertThat(m.get("nothing")).isNull();
    }
}
