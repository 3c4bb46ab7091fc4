package dev.nlulab.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nlulab.encoder.SentenceEncoder;
import dev.nlulab.prompting.ChatTemplate;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Reads the bodies of /v1 requests into calls, checking every field the way OpenAI's API does: a wrong
 * type, a value out of range, a parameter this server does not support (with a value other than its
 * neutral one) or one it does not know is a 400 that names the parameter. Nothing here runs a model.
 */
final class OpenAiRequests {
    /** How to continue the prompts of a completion or chat call. */
    record Sampling(int maxTokens, double temperature, double topP, OptionalLong seed, List<String> stop, int n,
                    boolean stream, boolean includeUsage) {}

    record CompletionCall(String model, List<String> prompts, Sampling sampling) {}

    record ChatCall(String model, List<ChatTemplate.Message> messages, Sampling sampling) {}

    record EmbeddingCall(String model, List<String> inputs, boolean base64) {}

    static final int MAX_N = 8;
    static final int MAX_STOPS = 4;
    static final int MAX_PROMPTS = 64;
    static final int MAX_INPUTS = 256;
    static final int MAX_INPUT_CHARS = 20_000;

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Set<String> SAMPLING = Set.of("model", "max_tokens", "temperature", "top_p", "n", "stop", "seed",
            "stream", "stream_options", "user");
    /** Parameters of OpenAI's API this server does not implement, with the value that means "not used". */
    private static final Map<String, Object> NEUTRAL = Map.ofEntries(Map.entry("frequency_penalty", 0), Map.entry("presence_penalty", 0),
            Map.entry("logprobs", false), Map.entry("logit_bias", Map.of()), Map.entry("echo", false), Map.entry("best_of", 1),
            Map.entry("suffix", ""), Map.entry("top_logprobs", 0), Map.entry("tools", List.of()), Map.entry("tool_choice", "none"),
            Map.entry("functions", List.of()), Map.entry("function_call", "none"), Map.entry("parallel_tool_calls", false),
            Map.entry("response_format", Map.of("type", "text")), Map.entry("service_tier", "auto"), Map.entry("store", false),
            Map.entry("metadata", Map.of()), Map.entry("dimensions", SentenceEncoder.DIMENSION));

    private final int maxTokens;
    private final int maxPromptChars;

    /** {@code maxTokens}: the most new tokens a request may ask for; {@code maxPromptChars}: the longest prompt or conversation read. */
    OpenAiRequests(int maxTokens, int maxPromptChars) {
        this.maxTokens = maxTokens;
        this.maxPromptChars = maxPromptChars;
    }

    CompletionCall completion(String body) {
        JsonNode root = object(body);
        known(root, Set.of("prompt", "echo", "logprobs", "best_of", "suffix", "frequency_penalty", "presence_penalty", "logit_bias"), SAMPLING);
        List<String> prompts = texts(root, "prompt", MAX_PROMPTS, maxPromptChars);
        return new CompletionCall(model(root), prompts, sampling(root, "max_tokens", 16));
    }

    ChatCall chat(String body) {
        JsonNode root = object(body);
        known(root, Set.of("messages", "max_completion_tokens", "frequency_penalty", "presence_penalty", "logit_bias", "logprobs",
                "top_logprobs", "tools", "tool_choice", "functions", "function_call", "parallel_tool_calls", "response_format",
                "service_tier", "store", "metadata"), SAMPLING);
        JsonNode messages = root.get("messages");
        if (messages == null || messages.isNull()) throw missing("messages");
        if (!messages.isArray() || messages.isEmpty()) throw ApiError.invalid("messages", "invalid_type", "'messages' must be a non-empty array of messages.");
        List<ChatTemplate.Message> out = new ArrayList<>();
        int chars = 0;
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            String at = "messages[" + i + "]";
            if (!m.isObject()) throw ApiError.invalid(at, "invalid_type", "'" + at + "' must be an object with a role and a content.");
            for (Iterator<String> names = m.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!Set.of("role", "content", "name").contains(name)) {
                    throw ApiError.invalid(at + "." + name, "unsupported_parameter", "'" + at + "." + name + "' is not supported by this server.");
                }
            }
            JsonNode role = m.get("role");
            if (role == null || !role.isTextual() || !Set.of("system", "developer", "user", "assistant").contains(role.asText())) {
                throw ApiError.invalid(at + ".role", "invalid_value", "'" + at + ".role' must be one of system, developer, user, assistant.");
            }
            String content = content(m.get("content"), at + ".content");
            chars += content.length();
            if (chars > maxPromptChars) throw tooLong("messages", maxPromptChars);
            out.add(new ChatTemplate.Message(role.asText().equals("developer") ? "system" : role.asText(), content));
        }
        String tokensField = root.hasNonNull("max_completion_tokens") ? "max_completion_tokens" : "max_tokens";
        return new ChatCall(model(root), out, sampling(root, tokensField, maxTokens));
    }

    EmbeddingCall embedding(String body) {
        JsonNode root = object(body);
        known(root, Set.of("input", "model", "encoding_format", "dimensions", "user"), Set.of());
        List<String> inputs = texts(root, "input", MAX_INPUTS, MAX_INPUT_CHARS);
        JsonNode format = root.get("encoding_format");
        boolean base64 = false;
        if (format != null && !format.isNull()) {
            if (!format.isTextual() || !Set.of("float", "base64").contains(format.asText())) {
                throw ApiError.invalid("encoding_format", "invalid_value", "'encoding_format' must be 'float' or 'base64'.");
            }
            base64 = format.asText().equals("base64");
        }
        return new EmbeddingCall(model(root), inputs, base64);
    }

    private static JsonNode object(String body) {
        JsonNode root;
        try {
            root = body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw ApiError.invalid(null, "invalid_json", "The request body is not valid JSON" + where + ": " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) throw ApiError.invalid(null, "invalid_json", "The request body must be a JSON object.");
        return root;
    }

    /** Every field is one this call reads, or a known unsupported one at its neutral value. */
    private static void known(JsonNode root, Set<String> fields, Set<String> common) {
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String name = f.getKey();
            if (!fields.contains(name) && !common.contains(name)) {
                throw ApiError.invalid(name, "unknown_parameter", "Unrecognized request argument supplied: " + name);
            }
            if (NEUTRAL.containsKey(name) && !neutral(f.getValue(), JSON.valueToTree(NEUTRAL.get(name)))) {
                throw ApiError.invalid(name, "unsupported_parameter", "'" + name + "' is not supported by this server (leave it out"
                        + " or send " + JSON.valueToTree(NEUTRAL.get(name)) + ").");
            }
        }
    }

    /** Null, or the value that leaves the feature unused (0 and 0.0 alike). */
    private static boolean neutral(JsonNode sent, JsonNode unused) {
        if (sent.isNull()) return true;
        if (sent.isNumber() && unused.isNumber()) return sent.doubleValue() == unused.doubleValue();
        return sent.equals(unused);
    }

    private static String model(JsonNode root) {
        JsonNode model = root.get("model");
        if (model == null || model.isNull()) throw missing("model");
        if (!model.isTextual() || model.asText().isBlank()) throw ApiError.invalid("model", "invalid_type", "'model' must be a model's id (GET /v1/models lists them).");
        return model.asText();
    }

    /** A string or an array of strings (never token ids), at most {@code maxItems}, none empty, together at most {@code maxChars}. */
    private static List<String> texts(JsonNode root, String field, int maxItems, int maxChars) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) throw missing(field);
        List<JsonNode> items = new ArrayList<>();
        if (node.isArray()) node.forEach(items::add);
        else items.add(node);
        if (items.isEmpty()) throw ApiError.invalid(field, "invalid_value", "'" + field + "' must not be empty.");
        if (items.size() > maxItems) throw ApiError.invalid(field, "array_above_max_length", "'" + field + "' has " + items.size() + " items; at most " + maxItems + ".");
        List<String> out = new ArrayList<>();
        int chars = 0;
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String at = node.isArray() ? field + "[" + i + "]" : field;
            if (item.isNumber() || item.isArray()) throw ApiError.invalid(at, "unsupported_value", "'" + at + "': token ids are not supported; send text.");
            if (!item.isTextual()) throw ApiError.invalid(at, "invalid_type", "'" + at + "' must be a string.");
            if (item.asText().isEmpty()) throw ApiError.invalid(at, "invalid_value", "'" + at + "' must not be empty.");
            chars += item.asText().length();
            if (chars > maxChars) throw tooLong(field, maxChars);
            out.add(item.asText());
        }
        return out;
    }

    /** A message's content: a string, or an array of text parts (other parts, such as images, are not supported). */
    private static String content(JsonNode node, String at) {
        if (node == null || node.isNull()) throw missing(at);
        if (node.isTextual()) return node.asText();
        if (!node.isArray()) throw ApiError.invalid(at, "invalid_type", "'" + at + "' must be a string or an array of text parts.");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < node.size(); i++) {
            JsonNode part = node.get(i);
            if (!part.path("type").asText().equals("text") || !part.path("text").isTextual()) {
                throw ApiError.invalid(at + "[" + i + "]", "unsupported_value", "'" + at + "[" + i + "]': only text parts ({\"type\": \"text\", \"text\": ...}) are supported.");
            }
            sb.append(part.get("text").asText());
        }
        return sb.toString();
    }

    private Sampling sampling(JsonNode root, String tokensField, int defaultTokens) {
        int tokens = (int) integer(root, tokensField, defaultTokens, 1, maxTokens);
        double temperature = number(root, "temperature", 1, 0, 2);
        double topP = number(root, "top_p", 1, 0, 1);
        if (topP == 0) throw ApiError.invalid("top_p", "invalid_value", "'top_p' must be greater than 0.");
        int n = (int) integer(root, "n", 1, 1, MAX_N);
        JsonNode seedNode = root.get("seed");
        OptionalLong seed = seedNode == null || seedNode.isNull() ? OptionalLong.empty()
                : OptionalLong.of(integer(root, "seed", 0, Long.MIN_VALUE, Long.MAX_VALUE));
        List<String> stop = stops(root.get("stop"));
        boolean stream = bool(root, "stream");
        boolean includeUsage = false;
        JsonNode options = root.get("stream_options");
        if (options != null && !options.isNull()) {
            if (!stream) throw ApiError.invalid("stream_options", "invalid_value", "'stream_options' is only allowed when 'stream' is true.");
            if (!options.isObject()) throw ApiError.invalid("stream_options", "invalid_type", "'stream_options' must be an object.");
            includeUsage = bool(options, "include_usage");
        }
        if (stream && n > 1) throw ApiError.invalid("n", "unsupported_value", "'n' must be 1 when streaming.");
        JsonNode user = root.get("user");
        if (user != null && !user.isNull() && !user.isTextual()) throw ApiError.invalid("user", "invalid_type", "'user' must be a string.");
        return new Sampling(tokens, temperature, topP, seed, stop, n, stream, includeUsage);
    }

    private static List<String> stops(JsonNode node) {
        if (node == null || node.isNull()) return List.of();
        List<JsonNode> items = new ArrayList<>();
        if (node.isArray()) node.forEach(items::add);
        else items.add(node);
        if (items.size() > MAX_STOPS) throw ApiError.invalid("stop", "array_above_max_length", "'stop' has " + items.size() + " strings; at most " + MAX_STOPS + ".");
        List<String> out = new ArrayList<>();
        for (JsonNode s : items) {
            if (!s.isTextual() || s.asText().isEmpty()) throw ApiError.invalid("stop", "invalid_type", "'stop' must be a non-empty string or an array of them.");
            out.add(s.asText());
        }
        return out;
    }

    private static long integer(JsonNode root, String field, long fallback, long min, long max) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) return fallback;
        if (!node.isIntegralNumber() || !node.canConvertToLong()) throw ApiError.invalid(field, "invalid_type", "'" + field + "' must be an integer.");
        long v = node.asLong();
        if (v < min) throw ApiError.invalid(field, "integer_below_min_value", "'" + field + "' is " + v + "; it must be at least " + min + ".");
        if (v > max) throw ApiError.invalid(field, "integer_above_max_value", "'" + field + "' is " + v + "; this server allows at most " + max + ".");
        return v;
    }

    private static double number(JsonNode root, String field, double fallback, double min, double max) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) return fallback;
        if (!node.isNumber()) throw ApiError.invalid(field, "invalid_type", "'" + field + "' must be a number.");
        double v = node.asDouble();
        if (!(v >= min && v <= max)) throw ApiError.invalid(field, "invalid_value", "'" + field + "' is " + node.asText() + "; it must be from " + fmt(min) + " to " + fmt(max) + ".");
        return v;
    }

    private static boolean bool(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) return false;
        if (!node.isBoolean()) throw ApiError.invalid(field, "invalid_type", "'" + field + "' must be true or false.");
        return node.asBoolean();
    }

    private static ApiError missing(String field) {
        return ApiError.invalid(field, "missing_required_parameter", "Missing required parameter: '" + field + "'.");
    }

    private static ApiError tooLong(String field, int maxChars) {
        return ApiError.invalid(field, "context_length_exceeded", "'" + field + "' is longer than this server reads (more than "
                + maxChars + " characters).");
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
