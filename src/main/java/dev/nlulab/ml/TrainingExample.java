package dev.nlulab.ml;

/** One supervised example as token ids: the prompt (context only) and the answer (the targets). */
public record TrainingExample(long[] prompt, long[] answer) {
    public TrainingExample {
        if (answer.length == 0) throw new IllegalArgumentException("an example needs at least one answer token");
    }

    /** Prompt "bos + prompt text", answer "answer text + eos", through the tokenizer. */
    public static TrainingExample of(Tokenizer tokenizer, String prompt, String answer) {
        long[] a = tokenizer.encode(answer);
        long[] withEos = java.util.Arrays.copyOf(a, a.length + 1);
        withEos[a.length] = tokenizer.eos();
        return new TrainingExample(tokenizer.encodeWithBos(prompt), withEos);
    }

    public int length() {
        return prompt.length + answer.length;
    }
}
