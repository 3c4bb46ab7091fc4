package dev.nlulab.cli;

import dev.nlulab.config.Settings;
import dev.nlulab.grader.PredictionsParser;
import dev.nlulab.grader.PublicSplit;
import dev.nlulab.grader.Score;
import dev.nlulab.grader.Scorer;
import dev.nlulab.labs.Key;
import dev.nlulab.labs.LabLoader;
import dev.nlulab.labs.reversedictionary.ReverseDictionaryBaseline;
import dev.nlulab.labs.reversedictionary.ReverseDictionaryBuilder;
import dev.nlulab.metrics.Metric;
import dev.nlulab.metrics.Metrics;
import dev.nlulab.retrieval.Bm25Index;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code nlulab lab baseline reverse-dictionary}: BM25 over public text; scores dev (public answers) and
 * writes the test predictions (top 10 per query), scored against the hidden key when it is there.
 */
@Command(name = "baseline", description = "Run a lab's baseline: score it on dev, write test predictions, score them on the key.")
public final class ReverseDictionaryBaselineCommand implements Callable<Integer> {
    private static final int K = 10;

    @Parameters(description = "the lab (only reverse-dictionary has a baseline)")
    String labId;

    @Option(names = "--out", description = "predictions file to write (default: ${DEFAULT-VALUE})", defaultValue = "reverse-dictionary-baseline.jsonl")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (!ReverseDictionaryBuilder.LAB_ID.equals(labId)) {
            System.err.println("no baseline for lab '" + labId + "' (there is one for " + ReverseDictionaryBuilder.LAB_ID + ")");
            return 2;
        }
        Settings settings = Settings.load();
        Path data = settings.labsDir().resolve(labId).resolve("data");
        var train = ReverseDictionaryBaseline.items(data.resolve("train.jsonl"));
        var dev = ReverseDictionaryBaseline.items(data.resolve("dev.jsonl"));
        var test = ReverseDictionaryBaseline.queries(data.resolve("test.jsonl"));
        var words = ReverseDictionaryBaseline.words(data.resolve("words.jsonl"));
        Metric mrr = Metrics.byName("mrr@10");
        Metric success = Metrics.byName("success@5");

        long t0 = System.nanoTime();
        try (Bm25Index index = new Bm25Index(ReverseDictionaryBaseline.documents(words, List.of(train)))) {
            List<List<String>> ranked = ReverseDictionaryBaseline.rankAll(index, dev.stream().map(ReverseDictionaryBuilder.Item::definition).toList(), K,
                    ReverseDictionaryBaseline.prior(List.of(train)));
            List<List<String>> gold = dev.stream().map(ReverseDictionaryBuilder.Item::words).toList();
            System.out.printf(Locale.ROOT, "dev  (%d queries, index: train): MRR@10 %.4f  Success@5 %.4f%n",
                    dev.size(), mrr.score(gold, ranked), success.score(gold, ranked));
        }
        try (Bm25Index index = new Bm25Index(ReverseDictionaryBaseline.documents(words, List.of(train, dev)))) {
            List<List<String>> ranked = ReverseDictionaryBaseline.rankAll(index, test.stream().map(ReverseDictionaryBuilder.Query::definition).toList(), K,
                    ReverseDictionaryBaseline.prior(List.of(train, dev)));
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int i = 0; i < test.size(); i++) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", test.get(i).id());
                row.put("prediction", ranked.get(i));
                rows.add(row);
            }
            ReverseDictionaryBuilder.writeJsonl(out, rows);
        }
        System.out.printf(Locale.ROOT, "wrote %s (%d queries, top %d) in %.1f s%n", out, test.size(), K, (System.nanoTime() - t0) / 1e9);

        Path keyFile = settings.graderDir().resolve(labId).resolve("test-key.jsonl");
        if (Files.isRegularFile(keyFile)) {
            Key key = Key.load(keyFile);
            double publicFraction = LabLoader.load(settings.labsDir().resolve(labId), settings.graderDir()).lab().exercise("test")
                    .orElseThrow().publicFraction();
            PredictionsParser.Result parsed = new PredictionsParser(PredictionsParser.DEFAULT_MAX_BYTES).parse(out, key, mrr.kind());
            if (!parsed.valid()) {
                System.err.println("the baseline's own file is invalid:\n" + parsed.message());
                return 1;
            }
            Scorer scorer = new Scorer(key, mrr, PublicSplit.of(key, labId, "test", publicFraction));
            for (Metric m : List.of(mrr, success)) {
                Score s = scorer.score(parsed.predictions(), m);
                System.out.printf(Locale.ROOT, "test (%d queries, index: train+dev): %s public %.4f  private %.4f  overall %.4f%n",
                        key.size(), m.name(), s.publicScore(), s.privateScore(), s.overall());
            }
        }
        return 0;
    }
}
