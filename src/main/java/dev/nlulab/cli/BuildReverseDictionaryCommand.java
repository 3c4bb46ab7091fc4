package dev.nlulab.cli;

import dev.nlulab.config.Settings;
import dev.nlulab.labs.reversedictionary.ReverseDictionaryBuilder;
import dev.nlulab.labs.reversedictionary.WordNet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code nlulab lab build-reverse-dictionary}: writes the lab's public data and hidden key from WordNet. */
@Command(name = "build-reverse-dictionary", description = "Build labs/reverse-dictionary/data and its hidden key from WordNet 3.0.")
public final class BuildReverseDictionaryCommand implements Callable<Integer> {
    @Option(names = "--wordnet", description = "WordNet dict folder (default: ${DEFAULT-VALUE})", defaultValue = "/usr/share/wordnet")
    Path wordnet;

    @Override
    public Integer call() throws Exception {
        Settings settings = Settings.load();
        ReverseDictionaryBuilder.Build b = new ReverseDictionaryBuilder(WordNet.load(wordnet)).build();
        Path labDir = settings.labsDir().resolve(ReverseDictionaryBuilder.LAB_ID);
        Path graderDir = settings.graderDir().resolve(ReverseDictionaryBuilder.LAB_ID);
        ReverseDictionaryBuilder.write(b, labDir, graderDir);
        System.out.printf("vocabulary %d words; train %d, dev %d, test %d definitions%n",
                b.vocabulary().size(), b.train().size(), b.dev().size(), b.test().size());
        System.out.println("public data in " + labDir.resolve("data") + ", key in " + graderDir);
        return 0;
    }
}
