package dev.nlulab.prompting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nlulab.ml.course.CourseTokenizerConfig;
import dev.nlulab.tasks.PromptFormats;
import dev.nlulab.tasks.TaskItem;
import dev.nlulab.tasks.TaskSplits;
import dev.nlulab.tasks.TaskSuite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The course model's chat template writes a chat in the model's own task format; broken templates say what is wrong. */
class ChatTemplateTest {
    static final Path COURSE_MODEL = Path.of("models/course-model");

    static List<TaskItem> items() {
        TaskSplits splits = TaskSplits.generate(TaskSuite.family("multiarith"), 3, 2, 1, 1);
        return List.of(splits.train().get(0), splits.train().get(1), splits.dev().get(0));
    }

    @Test
    void theShippedModelCarriesTheTemplateThatPretrainingWrites() {
        ChatTemplate shipped = ChatTemplate.of(COURSE_MODEL).orElseThrow();
        ChatTemplate written = new ChatTemplate(CourseTokenizerConfig.chatTemplate(), "<s>", "</s>");
        List<ChatTemplate.Message> chat = List.of(new ChatTemplate.Message("system", "Be brief."), new ChatTemplate.Message("user", "2 + 3?"));
        assertThat(shipped.render(chat, true)).isEqualTo(written.render(chat, true));
    }

    @Test
    void aQuestionAsAChatIsTheZeroShotPromptTheModelWasTrainedOn() {
        TaskItem item = items().get(2);
        String prompt = ChatTemplate.of(COURSE_MODEL).orElseThrow().render(List.of(new ChatTemplate.Message("user", item.fullQuestion())), true);
        assertThat(prompt).isEqualTo(PromptFormats.question(item));
    }

    @Test
    void earlierTurnsAreTheFewShotDemonstrations() {
        List<TaskItem> items = items();
        List<ChatTemplate.Message> chat = List.of(
                new ChatTemplate.Message("user", items.get(0).fullQuestion()), new ChatTemplate.Message("assistant", items.get(0).solution()),
                new ChatTemplate.Message("user", items.get(1).fullQuestion()), new ChatTemplate.Message("assistant", items.get(1).solution()),
                new ChatTemplate.Message("user", items.get(2).fullQuestion()));
        String prompt = ChatTemplate.of(COURSE_MODEL).orElseThrow().render(chat, true);
        assertThat(prompt).isEqualTo(PromptFormats.fewShotCot(items.subList(0, 2), items.get(2)));
    }

    @Test
    void aReplyEndsWhereTheTemplateClosesAnAssistantTurn() {
        assertThat(ChatTemplate.of(COURSE_MODEL).orElseThrow().turnEnd()).isEqualTo(PromptFormats.DEMO_SEPARATOR);
        assertThat(new ChatTemplate("{% for m in messages %}<|{{ m['role'] }}|>{{ m['content'] }}<|end|>{% endfor %}", "", "").turnEnd())
                .isEqualTo("<|end|>");
    }

    @Test
    void aFolderWithoutATemplateHasNoneAndABrokenOneSaysWhere(@TempDir Path dir) throws Exception {
        assertThat(ChatTemplate.of(dir)).isEmpty();
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"bos_token\": \"<s>\"}");
        assertThat(ChatTemplate.of(dir)).isEmpty();
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"chat_template\": ");
        assertThatThrownBy(() -> ChatTemplate.of(dir)).isInstanceOf(ChatTemplate.TemplateException.class)
                .hasMessageContaining(dir.resolve("tokenizer_config.json") + " is not valid JSON");
        ChatTemplate unclosed = new ChatTemplate("{% for m in messages %}{{ m['content'] }}", "", "");
        assertThatThrownBy(() -> unclosed.render(List.of(new ChatTemplate.Message("user", "hi")), true))
                .isInstanceOf(ChatTemplate.TemplateException.class).hasMessageStartingWith("the chat template cannot be rendered");
    }
}
