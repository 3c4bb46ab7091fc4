package dev.nlulab.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code nlulab model ...}: building, training and evaluating the course model. */
@Command(name = "model", mixinStandardHelpOptions = true, description = "The course model: data, tokenizer, training, evaluation.",
        subcommands = {CorpusCommand.class, TokenizerCommand.class, QuantizeCommand.class, MergeAdapterCommand.class,
                PretrainCommand.class, EvalCommand.class})
public final class ModelCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
