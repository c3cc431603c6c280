package dev.dtk.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code dtk} command: run dtk on one machine ({@code dev}) or its parts against any cluster. */
@Command(name = "dtk", mixinStandardHelpOptions = true, version = "dtk 0.1.0",
        description = "Durable Task on Kafka: durable orchestrations with the programming model of Azure Durable"
                + " Functions, on Apache Kafka.",
        subcommands = {
            DevCommand.class,
            KafkaCommand.class,
            EngineCommand.class,
            WorkerCommand.class,
            GatewayCommand.class,
            TopicsCommand.class,
            SendCommand.class,
            StatusCommand.class,
            InstancesCommand.class,
            EntitiesCommand.class,
        })
public final class Dtk {

    private Dtk() {
    }

    /** A bad argument or a refusal reads as one line saying what is wrong (exit 2); anything else as a crash. */
    private static int refused(Exception error, CommandLine command, CommandLine.ParseResult parsed) throws Exception {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        if (cause instanceof IllegalArgumentException || cause instanceof dev.dtk.client.DtkClientException) {
            command.getErr().println("dtk " + command.getCommandName() + ": " + cause.getMessage());
            return 2;
        }
        throw error;
    }

    /** The {@code dtk} command line, to run in this process (tests). */
    public static CommandLine commandLine() {
        return new CommandLine(new Dtk()).setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(Dtk::refused);
    }

    public static void main(String[] args) {
        int exit = commandLine().execute(args);
        if (exit != 0) {
            System.exit(exit);
        }
    }
}
