package dev.nlulab.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nlulab.api.OpenAiRequests.ChatCall;
import dev.nlulab.api.OpenAiRequests.CompletionCall;
import dev.nlulab.api.OpenAiRequests.EmbeddingCall;
import dev.nlulab.api.OpenAiRequests.Sampling;
import dev.nlulab.encoder.EncoderException;
import dev.nlulab.encoder.SentenceEncoder;
import dev.nlulab.encoder.SharedSentenceEncoder;
import dev.nlulab.prompting.ChatTemplate;
import dev.nlulab.prompting.Completion;
import dev.nlulab.prompting.CompletionRequest;
import dev.nlulab.prompting.LlmBackend;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What the /v1 routes do, in OpenAI's response shapes: list the models, continue prompts, chat through
 * the model's chat template (whole, or as chunks while it writes), embed texts with the sentence
 * encoder. Requests go to the served model's one bounded line ({@link LlmBackend}); embeddings have a
 * line of their own. A backend's refusals become API errors: busy 429, no model 503, a prompt too long
 * for the context window 400.
 */
final class OpenAiService {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> ENCODER_IDS = Set.of(SentenceEncoder.NAME, "sentence-transformers/" + SentenceEncoder.NAME);

    /** Receives the chunks of a streamed answer. */
    interface Chunks {
        void send(ObjectNode chunk);
    }

    private final LlmBackend model;
    private final Supplier<Optional<ChatTemplate>> template;
    private final SharedSentenceEncoder encoder;
    private final Semaphore encoderLine;
    private final Clock clock;
    private final long created;

    OpenAiService(LlmBackend model, Supplier<Optional<ChatTemplate>> template, SharedSentenceEncoder encoder, int encoderCapacity, Clock clock) {
        this.model = model;
        this.template = template;
        this.encoder = encoder;
        this.encoderLine = new Semaphore(encoderCapacity);
        this.clock = clock;
        this.created = clock.instant().getEpochSecond();
    }

    ObjectNode models() {
        ObjectNode list = JSON.createObjectNode().put("object", "list");
        ArrayNode data = list.putArray("data");
        for (String id : List.of(model.model(), SentenceEncoder.NAME)) {
            data.addObject().put("id", id).put("object", "model").put("created", created).put("owned_by", "nlulab");
        }
        return list;
    }

    ObjectNode complete(CompletionCall call) {
        checkModel(call.model());
        List<CompletionRequest> requests = new ArrayList<>();
        for (String prompt : call.prompts()) requests.addAll(requests(prompt, call.sampling(), List.of()));
        List<Completion> done = run(() -> model.completeAll(requests), "prompt");
        ObjectNode out = head("cmpl-", "text_completion");
        ArrayNode choices = out.putArray("choices");
        for (int i = 0; i < done.size(); i++) {
            choices.addObject().put("index", i).put("text", done.get(i).text()).putNull("logprobs")
                    .put("finish_reason", done.get(i).finishReason().openAi());
        }
        out.set("usage", usage(done, call.sampling().n()));
        return out;
    }

    ObjectNode chat(ChatCall call) {
        checkModel(call.model());
        String prompt = prompt(call);
        List<CompletionRequest> requests = requests(prompt, call.sampling(), turnEnd());
        List<Completion> done = run(() -> model.completeAll(requests), "messages");
        ObjectNode out = head("chatcmpl-", "chat.completion");
        ArrayNode choices = out.putArray("choices");
        for (int i = 0; i < done.size(); i++) {
            ObjectNode choice = choices.addObject().put("index", i);
            choice.putObject("message").put("role", "assistant").put("content", done.get(i).text());
            choice.putNull("logprobs").put("finish_reason", done.get(i).finishReason().openAi());
        }
        out.set("usage", usage(done, call.sampling().n()));
        return out;
    }

    /** Streams a chat: a first chunk with the role, one per piece of text, a last one with the finish reason (and usage when asked). */
    void streamChat(ChatCall call, Chunks chunks) {
        checkModel(call.model());
        CompletionRequest request = requests(prompt(call), call.sampling(), turnEnd()).get(0);
        ObjectNode head = head("chatcmpl-", "chat.completion.chunk");
        boolean[] started = {false};
        Consumer<String> pieces = text -> {
            if (!started[0]) chunks.send(chatChunk(head, JSON.createObjectNode().put("role", "assistant").put("content", ""), null));
            started[0] = true;
            chunks.send(chatChunk(head, JSON.createObjectNode().put("content", text), null));
        };
        Completion done = run(() -> model.stream(request, pieces), "messages");
        if (!started[0]) chunks.send(chatChunk(head, JSON.createObjectNode().put("role", "assistant").put("content", ""), null));
        chunks.send(chatChunk(head, JSON.createObjectNode(), done.finishReason().openAi()));
        if (call.sampling().includeUsage()) chunks.send(usageChunk(head, done));
    }

    /** Streams a completion: one chunk per piece of text, a last one with the finish reason (and usage when asked). */
    void streamCompletion(CompletionCall call, Chunks chunks) {
        checkModel(call.model());
        if (call.prompts().size() > 1) throw ApiError.invalid("prompt", "unsupported_value", "Stream one prompt at a time.");
        CompletionRequest request = requests(call.prompts().get(0), call.sampling(), List.of()).get(0);
        ObjectNode head = head("cmpl-", "text_completion");
        Completion done = run(() -> model.stream(request, text -> chunks.send(textChunk(head, text, null))), "prompt");
        chunks.send(textChunk(head, "", done.finishReason().openAi()));
        if (call.sampling().includeUsage()) chunks.send(usageChunk(head, done));
    }

    ObjectNode embed(EmbeddingCall call) {
        if (!ENCODER_IDS.contains(call.model())) {
            throw ApiError.of(404, "invalid_request_error", "model_not_found", "model", "The model '" + call.model()
                    + "' does not embed here: embeddings come from " + SentenceEncoder.NAME + " (GET /v1/models lists the models).");
        }
        if (!encoderLine.tryAcquire()) throw ApiError.tooMany("model_busy", "The sentence encoder is busy; try again shortly.", 2);
        try {
            SentenceEncoder e = encoder.get();
            List<float[]> vectors = e.embed(call.inputs());
            int tokens = call.inputs().stream().mapToInt(t -> e.tokenize(t).length()).sum();
            ObjectNode out = JSON.createObjectNode().put("object", "list");
            ArrayNode data = out.putArray("data");
            for (int i = 0; i < vectors.size(); i++) {
                ObjectNode item = data.addObject().put("object", "embedding").put("index", i);
                if (call.base64()) item.put("embedding", base64(vectors.get(i)));
                else {
                    ArrayNode v = item.putArray("embedding");
                    for (float x : vectors.get(i)) v.add(x);
                }
            }
            out.put("model", SentenceEncoder.NAME);
            out.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
            return out;
        } catch (EncoderException ex) {
            throw ApiError.of(503, "server_error", "model_not_available", null, "The sentence encoder cannot run here: " + ex.getMessage());
        } finally {
            encoderLine.release();
        }
    }

    private void checkModel(String id) {
        if (!id.equals(model.model())) {
            throw ApiError.of(404, "invalid_request_error", "model_not_found", "model", "The model '" + id + "' does not exist here; this server serves '"
                    + model.model() + "' (GET /v1/models lists the models).");
        }
    }

    private String prompt(ChatCall call) {
        ChatTemplate t;
        try {
            t = template.get().orElseThrow(() -> ApiError.invalid("messages", "chat_template_missing", "The model '" + model.model()
                    + "' has no chat template (tokenizer_config.json, chat_template): use /v1/completions with a prompt."));
            return t.render(call.messages(), true);
        } catch (ChatTemplate.TemplateException e) {
            if (e.refusedConversation()) throw ApiError.invalid("messages", "invalid_value", e.getMessage());
            throw ApiError.of(500, "server_error", "chat_template_broken", null, "The model's chat template is broken: " + e.getMessage());
        }
    }

    /** Where the template closes an assistant's turn: a chat reply stops there. */
    private List<String> turnEnd() {
        String end = template.get().map(ChatTemplate::turnEnd).orElse("");
        return end.isEmpty() ? List.of() : List.of(end);
    }

    /** The n requests of one prompt: seeds seed, seed + 1, ... when a seed is given. */
    private static List<CompletionRequest> requests(String prompt, Sampling s, List<String> extraStops) {
        List<String> stops = new ArrayList<>(s.stop());
        for (String extra : extraStops) if (!stops.contains(extra)) stops.add(extra);
        List<CompletionRequest> out = new ArrayList<>();
        for (int j = 0; j < s.n(); j++) {
            OptionalLong seed = s.seed().isPresent() ? OptionalLong.of(s.seed().getAsLong() + j) : OptionalLong.empty();
            out.add(new CompletionRequest(prompt, s.maxTokens(), s.temperature(), s.topP(), seed, stops));
        }
        return out;
    }

    /** Runs a backend call, turning its refusals into API errors; {@code param} names what made a too-long prompt. */
    private static <T> T run(Supplier<T> call, String param) {
        try {
            return call.get();
        } catch (LlmBackend.Busy e) {
            throw ApiError.tooMany("model_busy", "The model is busy: " + e.getMessage(), e.retryAfter().toSeconds());
        } catch (LlmBackend.Unavailable e) {
            throw ApiError.of(503, "server_error", "model_not_available", null, "The model is not available: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ApiError.invalid(param, "context_length_exceeded", e.getMessage());
        }
    }

    private ObjectNode head(String idPrefix, String object) {
        return JSON.createObjectNode().put("id", idPrefix + UUID.randomUUID().toString().replace("-", ""))
                .put("object", object).put("created", clock.instant().getEpochSecond()).put("model", model.model());
    }

    private static ObjectNode chatChunk(ObjectNode head, ObjectNode delta, String finishReason) {
        ObjectNode chunk = head.deepCopy();
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        if (finishReason == null) choice.putNull("finish_reason");
        else choice.put("finish_reason", finishReason);
        return chunk;
    }

    private static ObjectNode textChunk(ObjectNode head, String text, String finishReason) {
        ObjectNode chunk = head.deepCopy();
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0).put("text", text);
        choice.putNull("logprobs");
        if (finishReason == null) choice.putNull("finish_reason");
        else choice.put("finish_reason", finishReason);
        return chunk;
    }

    private static ObjectNode usageChunk(ObjectNode head, Completion done) {
        ObjectNode chunk = head.deepCopy();
        chunk.putArray("choices");
        chunk.set("usage", usage(List.of(done), 1));
        return chunk;
    }

    /** Prompt tokens counted once per prompt (its n choices share it), completion tokens of every choice. */
    private static ObjectNode usage(List<Completion> done, int n) {
        int prompt = 0, completion = 0;
        for (int i = 0; i < done.size(); i++) {
            if (i % n == 0) prompt += done.get(i).promptTokens();
            completion += done.get(i).completionTokens();
        }
        return JSON.createObjectNode().put("prompt_tokens", prompt).put("completion_tokens", completion).put("total_tokens", prompt + completion);
    }

    /** Little-endian float32s in base64, as OpenAI's encoding_format "base64" sends them. */
    private static String base64(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) b.putFloat(x);
        return Base64.getEncoder().encodeToString(b.array());
    }
}
