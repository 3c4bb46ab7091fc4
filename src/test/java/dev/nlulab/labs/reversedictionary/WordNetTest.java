package dev.nlulab.labs.reversedictionary;

import dev.nlulab.labs.Key;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Real lines of WordNet 3.0's data files, and the committed reverse-dictionary lab built from them. */
class WordNetTest {
    @Test
    void parsesANounLineWithPointersAndExamples() {
        WordNetSynset s = WordNetSynset.parse("02084071 05 n 03 dog 0 domestic_dog 0 Canis_familiaris 0 023 @ 02083346 n 0000 "
                + "@ 01317541 n 0000 #m 02083863 n 0000 #m 07994941 n 0000 %p 02158846 n 0000 ~ 01322604 n 0000 ~ 02084732 n 0000 "
                + "~ 02084861 n 0000 ~ 02085998 n 0000 ~ 02086723 n 0000 ~ 02087122 n 0000 ~ 02087551 n 0000 ~ 02102605 n 0000 "
                + "~ 02110958 n 0000 ~ 02111277 n 0000 ~ 02111500 n 0000 ~ 02111626 n 0000 ~ 02112826 n 0000 ~ 02113229 n 0000 "
                + "~ 02113799 n 0000 ~ 02113929 n 0000 ~ 02114100 n 0000 ~ 02100236 n 0000 | a member of the genus Canis (probably "
                + "descended from the common wolf) that has been domesticated by man since prehistoric times; occurs in many breeds; "
                + "\"the dog barked all night\"  ");
        assertThat(s.offset()).isEqualTo(2084071);
        assertThat(s.lexFile()).isEqualTo(5);
        assertThat(s.words()).containsExactly("dog", "domestic_dog", "Canis_familiaris");
        assertThat(s.pointers()).hasSize(23);
        assertThat(s.pointers().get(0)).isEqualTo(new WordNetSynset.Pointer("@", 2083346, 'n'));
        assertThat(s.definition()).isEqualTo("a member of the genus Canis (probably descended from the common wolf) that has been "
                + "domesticated by man since prehistoric times; occurs in many breeds");
        assertThat(s.examples()).containsExactly("the dog barked all night");
    }

    @Test
    void parsesAVerbLineWithFramesAndAnAdjectiveWithAMarker() {
        WordNetSynset v = WordNetSynset.parse("00001740 29 v 04 breathe 0 take_a_breath 0 respire 0 suspire 3 021 * 00005041 v 0000 "
                + "* 00004227 v 0000 + 03110322 a 0301 + 00831191 n 0303 + 04080833 n 0301 + 04250850 n 0105 + 00831191 n 0101 "
                + "^ 00004227 v 0103 ^ 00005041 v 0103 $ 00002325 v 0000 $ 00002573 v 0000 ~ 00002573 v 0000 ~ 00002724 v 0000 "
                + "~ 00002942 v 0000 ~ 00003826 v 0000 ~ 00004032 v 0000 ~ 00004227 v 0000 ~ 00005041 v 0000 ~ 00006697 v 0000 "
                + "~ 00007328 v 0000 ~ 00017031 v 0000 02 + 02 00 + 08 00 | draw air into, and expel out of, the lungs; "
                + "\"I can breathe better when the air is clean\"; \"The patient is respiring\"  ");
        assertThat(v.type()).isEqualTo('v');
        assertThat(v.words()).containsExactly("breathe", "take_a_breath", "respire", "suspire");
        assertThat(v.definition()).isEqualTo("draw air into, and expel out of, the lungs");
        assertThat(v.examples()).containsExactly("I can breathe better when the air is clean", "The patient is respiring");
        WordNetSynset a = WordNetSynset.parse("00003356 00 s 02 emergent(a) 0 emerging(a) 0 001 & 00002956 a 0000 | coming into "
                + "existence; \"an emergent republic\"  ");
        assertThat(a.words()).containsExactly("emergent", "emerging");
        assertThat(a.pos()).isEqualTo('a');
    }

    @Test
    void tagCountsComeFromTheIndex(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path index = Files.writeString(dir.resolve("index.noun"), "  1 licence header line\n"
                + "dog n 7 5 @ ~ #m #p %p 7 1 02084071 10114209 10023039 09886220 07676602 03901548 02710044  \n");
        assertThat(WordNet.tagCounts(index)).containsEntry("dog", 1).hasSize(1);
    }

    @Test
    void thePublicFilesOfTheBuiltLabHoldNoTestDefinitionAndNoTestAnswer() throws IOException {
        Path data = Path.of("labs/reverse-dictionary/data");
        Key key = Key.load(Path.of("grader/reverse-dictionary/test-key.jsonl"));
        assertThat(key.size()).isEqualTo(ReverseDictionaryBuilder.TEST);
        List<ReverseDictionaryBuilder.Query> test = ReverseDictionaryBaseline.queries(data.resolve("test.jsonl"));
        assertThat(test).extracting(ReverseDictionaryBuilder.Query::id).containsExactlyElementsOf(key.ids());
        assertThat(Files.readString(data.resolve("test.jsonl"))).doesNotContain("\"words\"").doesNotContain("\"gold\"");

        Set<String> testDefinitions = new HashSet<>();
        test.forEach(q -> testDefinitions.add(ReverseDictionaryBuilder.normalize(q.definition())));
        Set<String> testIds = new HashSet<>(key.ids());
        for (String file : List.of("train.jsonl", "dev.jsonl")) {
            for (ReverseDictionaryBuilder.Item item : ReverseDictionaryBaseline.items(data.resolve(file))) {
                assertThat(testDefinitions).as(file + " " + item.id()).doesNotContain(ReverseDictionaryBuilder.normalize(item.definition()));
                assertThat(testIds).doesNotContain(item.id());
            }
        }
        for (ReverseDictionaryBuilder.WordInfo w : ReverseDictionaryBaseline.words(data.resolve("words.jsonl"))) {
            for (String sense : w.otherSenses()) assertThat(testDefinitions).doesNotContain(ReverseDictionaryBuilder.normalize(sense));
        }
        // every answer is a candidate
        Set<String> vocabulary = new HashSet<>(Files.readAllLines(data.resolve("vocabulary.txt")));
        for (List<String> gold : key.gold()) assertThat(vocabulary).containsAll(gold);
        long bytes = 0;
        try (var files = Files.list(data)) {
            for (Path f : files.toList()) bytes += Files.size(f);
        }
        assertThat(bytes).isLessThan(6L << 20);
    }

    @Test
    void theBuilderRemakesTheCommittedLab() throws IOException {
        ReverseDictionaryBuilder.Build a = new ReverseDictionaryBuilder(WordNet.load(WordNet.DEBIAN_DIR)).build();
        Key key = Key.load(Path.of("grader/reverse-dictionary/test-key.jsonl"));
        assertThat(a.test()).extracting(ReverseDictionaryBuilder.Item::id).containsExactlyElementsOf(key.ids());
        assertThat(a.test().get(0).words()).isEqualTo(key.gold(0));
        assertThat(a.vocabulary()).isEqualTo(Files.readAllLines(Path.of("labs/reverse-dictionary/data/vocabulary.txt")));
        assertThat(a.train().size()).isEqualTo(Files.readAllLines(Path.of("labs/reverse-dictionary/data/train.jsonl")).size());
    }
}
