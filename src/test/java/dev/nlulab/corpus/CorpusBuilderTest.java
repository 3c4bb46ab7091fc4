package dev.nlulab.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusBuilderTest {
    /** A tiny R lazy-load database made by R's tools:::makeLazyLoadDB, the format packages ship. */
    private static final Path FIXTURE = Path.of("src/test/resources/corpus-package");

    @Test
    void readsCharacterVectorsFromAnRLazyLoadDatabase() {
        RDataPackage data = RDataPackage.open(FIXTURE);
        assertThat(data.names()).containsExactly("other", "tinybook");
        assertThat(data.characterVector("tinybook")).startsWith("TINY BOOK", "", "By A. Writer").endsWith("FINIS");
        assertThat(data.characterVector("other")).containsExactly("Chapter 1", "", "A second book, short.");
    }

    @Test
    void cleansLinesIntoParagraphsWithoutHeadingsOrItalicMarkers() {
        List<String> paragraphs = CorpusBuilder.paragraphs(
                RDataPackage.open(FIXTURE).characterVector("tinybook"));
        assertThat(paragraphs).containsExactly(
                "By A. Writer",
                "It was a fine morning, and the garden was full of roses.",
                "\"Come in,\" said she. The end of the chapter.");
    }

    @Test
    void aMissingPackageIsReportedWithTheInstallCommand(@TempDir Path dir) {
        assertThatThrownBy(() -> CorpusBuilder.janeAusten(dir.resolve("janeaustenr")))
                .hasMessageContaining("apt-get install -y r-cran-janeaustenr");
        assertThatThrownBy(() -> RDataPackage.open(dir)).hasMessageContaining("Rdata.rdx");
    }

    /** The installed package itself; bin/test installs r-cran-janeaustenr, so this must not be skipped. */
    @Test
    void buildsTheAustenCorpusFromTheInstalledDebianPackage(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("austen.txt");
        CorpusBuilder.Stats stats = CorpusBuilder.build(CorpusBuilder.JANEAUSTENR, out);
        assertThat(stats.books()).isEqualTo(6);
        assertThat(stats.words()).isGreaterThan(600_000);
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(stats.paragraphs());
        assertThat(lines).anyMatch(p -> p.startsWith("Emma Woodhouse, handsome, clever, and rich"));
        assertThat(lines).anyMatch(p -> p.startsWith("It is a truth universally acknowledged"));
        assertThat(lines).noneMatch(p -> p.matches("(?i)chapter [0-9ivxlc]+") || p.contains("_") || p.isBlank());
    }
}
