package dev.nlulab.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The command line: every entry point of NLU Lab is a subcommand of {@code nlulab}. */
@Command(name = "nlulab", mixinStandardHelpOptions = true, version = "NLU Lab 0.1",
        description = "A course-and-lab platform for natural language understanding and LLM training.",
        subcommands = {CommandLine.HelpCommand.class, ServeCommand.class,
                LessonsCommand.class, LabCommand.class, CourseCommand.class,
                JobCommand.class, TasksCommand.class,
                ModelCommand.class, BenchCommand.class})
public final class App implements Runnable {
    public static void main(String[] args) {
        System.exit(new CommandLine(new App()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
