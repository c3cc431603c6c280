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
        })
public final class Dtk {

    private Dtk() {
    }

    /** The {@code dtk} command line, to run in this process (tests). */
    public static CommandLine commandLine() {
        return new CommandLine(new Dtk()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    public static void main(String[] args) {
        int exit = commandLine().execute(args);
        if (exit != 0) {
            System.exit(exit);
        }
    }
}
