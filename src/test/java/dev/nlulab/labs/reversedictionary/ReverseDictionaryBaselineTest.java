package dev.nlulab.labs.reversedictionary;

import dev.nlulab.labs.reversedictionary.ReverseDictionaryBuilder.Item;
import dev.nlulab.labs.reversedictionary.ReverseDictionaryBuilder.WordInfo;
import dev.nlulab.retrieval.Bm25Index;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The baseline's documents over public text, ranked by BM25, filled up from the prior. */
class ReverseDictionaryBaselineTest {
    @Test
    void findsTheWordWhoseKnownTextSharesTheDefinitionsTerms() throws Exception {
        List<WordInfo> words = List.of(new WordInfo("puppy", List.of("dog"), List.of()),
                new WordInfo("kettle", List.of("pot"), List.of("boil water")),
                new WordInfo("river", List.of("stream"), List.of()));
        List<Item> train = List.of(new Item("t1", "a young dog", List.of("puppy"), List.of("the puppy chewed my shoes")),
                new Item("t2", "a metal pot for boiling water", List.of("kettle"), List.of()));
        Map<String, String> docs = ReverseDictionaryBaseline.documents(words, List.of(train));
        assertThat(docs.get("puppy")).contains("a young dog").contains("the puppy chewed my shoes");
        try (Bm25Index index = new Bm25Index(docs)) {
            assertThat(index.rank("a small dogs", 3).get(0)).isEqualTo("puppy"); // "dogs" stems to "dog"
            assertThat(index.rank("something you boil water in", 3).get(0)).isEqualTo("kettle");
            assertThat(index.rank("the of and", 3)).isEmpty(); // stop words only
            List<List<String>> filled = ReverseDictionaryBaseline.rankAll(index, List.of("the of and"), 2, ReverseDictionaryBaseline.prior(List.of(train)));
            assertThat(filled.get(0)).hasSize(2).doesNotHaveDuplicates();
        }
    }
}
