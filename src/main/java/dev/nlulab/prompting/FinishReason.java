package dev.nlulab.prompting;

import java.util.Locale;

/**
 * Why a backend stopped writing: the model's end-of-sequence token, one of the request's stop strings,
 * or the new-token limit. The OpenAI protocol folds the first two into "stop".
 */
public enum FinishReason {
    EOS, STOP, LENGTH;

    /** "stop" or "length", as the OpenAI protocol reports it. */
    public String openAi() {
        return this == LENGTH ? "length" : "stop";
    }

    /** From a generator's or a server's word ("eos", "stop", "length"); a server's other reasons count as a stop. */
    public static FinishReason of(String word) {
        return switch (word == null ? "" : word.toLowerCase(Locale.ROOT)) {
            case "eos" -> EOS;
            case "length" -> LENGTH;
            default -> STOP;
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
