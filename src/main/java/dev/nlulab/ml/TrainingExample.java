package dev.nlulab.ml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * One supervised example as token ids: the prompt (context) and the answer (the targets). Some prompt
 * tokens may be targets too ({@code promptTargets}, by index into the prompt): a few-shot prompt's
 * worked demonstrations, which teach as much as its answer does for the same compute.
 */
public record TrainingExample(long[] prompt, long[] answer, BitSet promptTargets) {
    public TrainingExample {
        if (answer.length == 0) throw new IllegalArgumentException("an example needs at least one answer token");
        if (promptTargets.length() > prompt.length) throw new IllegalArgumentException("a prompt target lies beyond the prompt");
        if (promptTargets.get(0)) throw new IllegalArgumentException("the first token has no context to predict it from");
        promptTargets = (BitSet) promptTargets.clone();
    }

    public TrainingExample(long[] prompt, long[] answer) {
        this(prompt, answer, new BitSet());
    }

    /** Prompt "bos + prompt text", answer "answer text + eos", through the tokenizer. */
    public static TrainingExample of(Tokenizer tokenizer, String prompt, String answer) {
        return ofParts(tokenizer, List.of(new Part(prompt, false), new Part(answer, true)));
    }

    /** A piece of an example's text: context only, or a target of the loss. */
    public record Part(String text, boolean target) {
    }

    /**
     * Bos, then the parts encoded one by one, then eos; the last part is the answer and must be a
     * target. Encoding by parts gives the ids of the whole text when every part boundary is one the
     * tokenizer splits at anyway (before a space or a newline).
     */
    public static TrainingExample ofParts(Tokenizer tokenizer, List<Part> parts) {
        if (parts.isEmpty() || !parts.get(parts.size() - 1).target()) throw new IllegalArgumentException("the last part must be the answer");
        List<Long> prompt = new ArrayList<>(List.of(tokenizer.bos()));
        BitSet targets = new BitSet();
        for (Part part : parts.subList(0, parts.size() - 1)) {
            for (long id : tokenizer.encode(part.text())) {
                if (part.target()) targets.set(prompt.size());
                prompt.add(id);
            }
        }
        long[] answer = tokenizer.encode(parts.get(parts.size() - 1).text());
        long[] withEos = Arrays.copyOf(answer, answer.length + 1);
        withEos[answer.length] = tokenizer.eos();
        return new TrainingExample(prompt.stream().mapToLong(Long::longValue).toArray(), withEos, targets);
    }

    /** Whether the token at this position of the whole sequence is a target of the loss. */
    public boolean isTarget(int position) {
        return position >= prompt.length || promptTargets.get(position);
    }

    public int length() {
        return prompt.length + answer.length;
    }
}
