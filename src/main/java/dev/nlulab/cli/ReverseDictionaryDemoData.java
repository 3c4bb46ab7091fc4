package dev.nlulab.cli;

import dev.nlulab.demos.ReverseDictionaryData;
import dev.nlulab.labs.reversedictionary.ReverseDictionaryBaseline;
import dev.nlulab.labs.reversedictionary.ReverseDictionaryBuilder;

import java.nio.file.Path;
import java.util.List;

/** The reverse-dictionary lab's public files (words, train, dev; never test) as the bm25 demo searches them. */
final class ReverseDictionaryDemoData {
    private ReverseDictionaryDemoData() {}

    /** @param data the lab's {@code data/} folder */
    static ReverseDictionaryData.Source from(Path data) {
        return () -> {
            var words = ReverseDictionaryBaseline.words(data.resolve("words.jsonl"));
            var train = ReverseDictionaryBaseline.items(data.resolve("train.jsonl"));
            List<ReverseDictionaryData.Query> dev = ReverseDictionaryBaseline.items(data.resolve("dev.jsonl")).stream()
                    .map(i -> new ReverseDictionaryData.Query(i.definition(), i.words())).toList();
            return new ReverseDictionaryData(ReverseDictionaryBaseline.documents(words, List.of(train)),
                    words.stream().map(ReverseDictionaryBuilder.WordInfo::word).toList(), dev);
        };
    }
}
