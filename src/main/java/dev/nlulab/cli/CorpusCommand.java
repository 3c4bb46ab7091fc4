package dev.nlulab.cli;

import dev.nlulab.corpus.CorpusBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code nlulab model corpus}: writes the real-text pretraining corpus (Austen's novels, one paragraph a line). */
@Command(name = "corpus", mixinStandardHelpOptions = true,
        description = "Build the prose corpus from the Debian package r-cran-janeaustenr, one paragraph per line.")
public final class CorpusCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "corpus file to write")
    Path out;

    @Option(names = "--package-dir", description = "the installed R package (default ${DEFAULT-VALUE})")
    Path packageDir = CorpusBuilder.JANEAUSTENR;

    @Override
    public Integer call() {
        CorpusBuilder.Stats stats = CorpusBuilder.build(packageDir, out);
        System.out.printf("wrote %s: %d books, %d paragraphs, %d words, %d characters%n",
                out, stats.books(), stats.paragraphs(), stats.words(), stats.characters());
        return 0;
    }
}
