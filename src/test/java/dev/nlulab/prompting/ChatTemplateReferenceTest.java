package dev.nlulab.prompting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Chat templates rendered by jinjava give exactly the prompt Jinja2 (Hugging Face's renderer) gives, and
 * raise the template's own message where Jinja2 raises it: reference.json, made by reference.py
 * (src/test/resources/chat/README.md).
 */
class ChatTemplateReferenceTest {
    @Test
    void everyReferenceConversationRendersAsJinja2RendersIt() throws IOException {
        JsonNode reference;
        try (InputStream in = getClass().getResourceAsStream("/chat/reference.json")) {
            reference = new ObjectMapper().readTree(in);
        }
        assertThat(reference.get("cases")).hasSizeGreaterThanOrEqualTo(9);
        for (JsonNode c : reference.get("cases")) {
            ChatTemplate template = new ChatTemplate(c.get("template").asText(), reference.get("bos_token").asText(),
                    reference.get("eos_token").asText());
            List<ChatTemplate.Message> messages = new ArrayList<>();
            for (JsonNode m : c.get("messages")) messages.add(new ChatTemplate.Message(m.get("role").asText(), m.get("content").asText()));
            boolean generation = c.get("add_generation_prompt").asBoolean();
            String name = c.get("name").asText() + " " + c.get("messages").size() + " messages";
            if (c.has("prompt")) {
                assertThat(template.render(messages, generation)).as(name).isEqualTo(c.get("prompt").asText());
            } else {
                assertThatThrownBy(() -> template.render(messages, generation)).as(name)
                        .isInstanceOf(ChatTemplate.TemplateException.class).hasMessage(c.get("error").asText());
            }
        }
    }
}
