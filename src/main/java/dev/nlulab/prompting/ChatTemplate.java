package dev.nlulab.prompting;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A model's chat template, carried the way Hugging Face models carry it: a Jinja template in the
 * {@code chat_template} field of the model folder's {@code tokenizer_config.json}, rendered over the
 * conversation ({@code messages}, {@code add_generation_prompt}, {@code bos_token}, {@code eos_token}) with
 * the settings transformers uses (trim_blocks, lstrip_blocks, a {@code raise_exception} function). It
 * turns a chat into the prompt the model continues; jinjava renders it.
 */
public final class ChatTemplate {
    public static final String FILE = "tokenizer_config.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MARK = "\u0000turn\u0000";

    /** One turn of a conversation: role system, user or assistant, and its text. */
    public record Message(String role, String content) {
        public Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("role", role);
            m.put("content", content);
            return m;
        }
    }

    /**
     * A template that cannot render a conversation. {@link #refusedConversation} when the template itself
     * refused it (raise_exception: the caller's conversation does not fit the model); otherwise the
     * template or its file is broken, and the message says where.
     */
    public static final class TemplateException extends IllegalArgumentException {
        private final boolean refusedConversation;

        TemplateException(String message, boolean refusedConversation) {
            super(message);
            this.refusedConversation = refusedConversation;
        }

        public boolean refusedConversation() {
            return refusedConversation;
        }
    }

    private final String source;
    private final String bosToken;
    private final String eosToken;
    private final Jinjava jinjava;
    private final String turnEnd;

    public ChatTemplate(String source, String bosToken, String eosToken) {
        this.source = source;
        this.bosToken = bosToken == null ? "" : bosToken;
        this.eosToken = eosToken == null ? "" : eosToken;
        this.jinjava = new Jinjava(JinjavaConfig.newBuilder().withTrimBlocks(true).withLstripBlocks(true)
                .withLegacyOverrides(LegacyOverrides.newBuilder().withUseTrimmingForNotesAndExpressions(true)
                        .withUseNaturalOperatorPrecedence(true).withEvaluateMapKeys(true).withKeepNullableLoopValues(true)
                        .withHandleBackslashInQuotesOnly(true).withParseWhitespaceControlStrictly(true).build()).build());
        jinjava.getGlobalContext().registerFunction(new ELFunctionDefinition("", "raise_exception", ChatTemplate.class,
                "raiseException", String.class));
        this.turnEnd = findTurnEnd();
    }

    /** The template of a model folder, or empty when its tokenizer_config.json has none (or there is no such file). */
    public static Optional<ChatTemplate> of(Path modelDir) {
        Path file = modelDir.resolve(FILE);
        if (!Files.isRegularFile(file)) return Optional.empty();
        JsonNode config;
        try {
            config = JSON.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            String line = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            throw new TemplateException(file + " is not valid JSON" + line + ": " + e.getOriginalMessage(), false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        JsonNode template = config.path("chat_template");
        if (!template.isTextual()) return Optional.empty();
        return Optional.of(new ChatTemplate(template.asText(), token(config.path("bos_token")), token(config.path("eos_token"))));
    }

    /** The folder's template, read when first asked for and kept (a failed read is tried again on the next call). */
    public static Supplier<Optional<ChatTemplate>> cached(Path modelDir) {
        return new Supplier<>() {
            private Optional<ChatTemplate> template; // guarded by this

            @Override
            public synchronized Optional<ChatTemplate> get() {
                if (template == null) template = of(modelDir);
                return template;
            }
        };
    }

    /** A special token as tokenizer_config.json gives it: a string, or an object with "content". */
    private static String token(JsonNode node) {
        if (node.isTextual()) return node.asText();
        if (node.path("content").isTextual()) return node.path("content").asText();
        return "";
    }

    /** The prompt for the conversation, ending with the start of the assistant's turn when {@code addGenerationPrompt}. */
    public String render(List<Message> messages, boolean addGenerationPrompt) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("messages", messages.stream().map(Message::asMap).toList());
        context.put("add_generation_prompt", addGenerationPrompt);
        context.put("bos_token", bosToken);
        context.put("eos_token", eosToken);
        RenderResult result = jinjava.renderForResult(source, context);
        for (TemplateError e : result.getErrors()) {
            if (e.getSeverity() != TemplateError.ErrorType.FATAL) continue;
            Optional<String> raised = raisedMessage(e);
            if (raised.isPresent()) throw new TemplateException(raised.get(), true); // the conversation does not fit the model
            throw new TemplateException("the chat template cannot be rendered: " + e.getMessage()
                    + (e.getLineno() > 0 ? " (near line " + e.getLineno() + ")" : ""), false);
        }
        return result.getOutput();
    }

    /** What the template writes after an assistant's message: where a reply ends ("" when the template writes nothing there). */
    public String turnEnd() {
        return turnEnd;
    }

    private String findTurnEnd() {
        try {
            String text = render(List.of(new Message("user", "?"), new Message("assistant", MARK)), false);
            int at = text.lastIndexOf(MARK);
            return at < 0 ? "" : text.substring(at + MARK.length());
        } catch (TemplateException e) {
            return ""; // a template that insists on another shape of conversation: no end of turn to stop at
        }
    }

    /** The template's own words when it called raise_exception. */
    private static Optional<String> raisedMessage(TemplateError e) {
        for (Throwable t = e.getException(); t != null; t = t.getCause()) {
            if (t instanceof RaisedByTemplate raised) return Optional.of(raised.getMessage());
        }
        return Optional.empty();
    }

    /** {@code raise_exception(message)} in a template: the conversation does not fit the model's format. */
    public static String raiseException(String message) {
        throw new RaisedByTemplate(message);
    }

    private static final class RaisedByTemplate extends RuntimeException {
        RaisedByTemplate(String message) {
            super(message);
        }
    }
}
