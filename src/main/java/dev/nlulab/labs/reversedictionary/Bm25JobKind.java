package dev.nlulab.labs.reversedictionary;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nlulab.jobs.JobContext;
import dev.nlulab.jobs.JobKind;
import dev.nlulab.jobs.SpecCheck;
import dev.nlulab.labs.reversedictionary.ReverseDictionaryBuilder.Item;
import dev.nlulab.labs.reversedictionary.ReverseDictionaryBuilder.Query;
import dev.nlulab.labs.reversedictionary.ReverseDictionaryBuilder.WordInfo;
import dev.nlulab.retrieval.Bm25Index;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bm25-reverse-dictionary}: the reverse-dictionary baseline as a job whose knobs a student turns
 * on the lab page. It reads only the lab's public data folder the queue hands it, builds a BM25 index
 * over the chosen fields and writes the top 10 words for every test query as predictions.
 *
 * <p>Spec (every field optional): {@code k1} (0..3, default 1.2), {@code b} (0..1, default 0.75), and
 * which public text describes a word: {@code examples}, {@code hypernyms}, {@code other_senses} (the
 * word's senses in other parts of speech) and {@code dev} (index dev's labelled definitions too), all
 * booleans defaulting to true.
 */
public final class Bm25JobKind implements JobKind {
    public static final String ID = "bm25-reverse-dictionary";
    static final int TOP = 10;
    private static final List<String> FLAGS = List.of("examples", "hypernyms", "other_senses", "dev");

    @Override
    public String id() { return ID; }

    @Override
    public SpecCheck validate(JsonNode spec, Path dataDir) {
        SpecCheck check = SpecCheck.ok();
        range(check, spec, "k1", 0, 3);
        range(check, spec, "b", 0, 1);
        for (String flag : FLAGS) {
            JsonNode v = spec.get(flag);
            if (v != null && !v.isBoolean()) check.problem("spec." + flag, "must be true or false, was " + v);
        }
        spec.fieldNames().forEachRemaining(f -> {
            if (!f.equals("k1") && !f.equals("b") && !FLAGS.contains(f)) check.problem("spec." + f, "is not a parameter of " + ID);
        });
        return check;
    }

    private static void range(SpecCheck check, JsonNode spec, String field, double min, double max) {
        JsonNode v = spec.get(field);
        if (v == null) return;
        if (!v.isNumber()) check.problem("spec." + field, "must be a number, was " + v);
        else if (v.asDouble() < min || v.asDouble() > max) check.problem("spec." + field, "must be between " + min + " and " + max + ", was " + v.asDouble());
    }

    /** An in-memory Lucene index of ~9,000 short documents and the lab's text: well under 200 MB of heap. */
    @Override
    public long estimatePeakMemoryBytes(JsonNode spec, Path dataDir) {
        return 256L << 20;
    }

    @Override
    public void run(JobContext ctx) throws Exception {
        Path data = ctx.dataDir();
        if (data == null || !Files.isRegularFile(data.resolve("test.jsonl"))) {
            throw new IllegalStateException("the lab's public data folder (with train.jsonl, dev.jsonl, test.jsonl, words.jsonl) was not given to this job");
        }
        JsonNode spec = ctx.spec();
        float k1 = (float) spec.path("k1").asDouble(1.2);
        float b = (float) spec.path("b").asDouble(0.75);
        boolean examples = spec.path("examples").asBoolean(true);
        boolean hypernyms = spec.path("hypernyms").asBoolean(true);
        boolean otherSenses = spec.path("other_senses").asBoolean(true);
        boolean dev = spec.path("dev").asBoolean(true);
        ctx.log(String.format("BM25 k1=%.2f b=%.2f; indexing definitions%s%s%s%s", k1, b, examples ? ", examples" : "",
                hypernyms ? ", hypernyms" : "", otherSenses ? ", other senses" : "", dev ? " (train + dev)" : " (train)"));

        List<List<Item>> labelled = new ArrayList<>();
        labelled.add(withExamples(ReverseDictionaryBaseline.items(data.resolve("train.jsonl")), examples));
        if (dev) labelled.add(withExamples(ReverseDictionaryBaseline.items(data.resolve("dev.jsonl")), examples));
        List<WordInfo> words = ReverseDictionaryBaseline.words(data.resolve("words.jsonl")).stream()
                .map(w -> new WordInfo(w.word(), hypernyms ? w.hypernyms() : List.of(), otherSenses ? w.otherSenses() : List.of()))
                .toList();
        List<Query> test = ReverseDictionaryBaseline.queries(data.resolve("test.jsonl"));
        ctx.progress(0.1, null);

        long t0 = System.nanoTime();
        try (Bm25Index index = new Bm25Index(ReverseDictionaryBaseline.documents(words, labelled), k1, b)) {
            ctx.log(String.format("indexed %d words in %.1f s; ranking %d test definitions", words.size(), (System.nanoTime() - t0) / 1e9, test.size()));
            List<String> prior = ReverseDictionaryBaseline.prior(labelled);
            long t1 = System.nanoTime();
            int step = Math.max(1, test.size() / 10);
            for (int i = 0; i < test.size(); i += step) {
                List<Query> chunk = test.subList(i, Math.min(test.size(), i + step));
                List<List<String>> ranked = ReverseDictionaryBaseline.rankAll(index, chunk.stream().map(Query::definition).toList(), TOP, prior);
                for (int j = 0; j < chunk.size(); j++) ctx.prediction(chunk.get(j).id(), ranked.get(j));
                int done = i + chunk.size();
                double perQuery = (System.nanoTime() - t1) / (double) done;
                ctx.progress(0.1 + 0.9 * done / test.size(), Duration.ofNanos((long) (perQuery * (test.size() - done))));
            }
            ctx.log(String.format("wrote the top %d words for %d queries in %.1f s", TOP, test.size(), (System.nanoTime() - t1) / 1e9));
        }
    }

    private static List<Item> withExamples(List<Item> items, boolean keep) {
        return keep ? items : items.stream().map(i -> new Item(i.id(), i.definition(), i.words(), List.of())).toList();
    }
}
