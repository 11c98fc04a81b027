package io.nlpstream.tools.models;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.nlpstream.models.load.BuiltInModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code nlp-stream models}: the built-in models of the tools jar. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "The built-in models (they ship in the tools jar only).",
        subcommands = {ModelsCommand.ListNames.class, ModelsCommand.Export.class})
public final class ModelsCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: list or export.");
    }

    /** {@code models list}: one name per line. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "Prints the built-in models' names.")
    static final class ListNames implements Runnable {
        @Spec
        private CommandSpec spec;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            for (BuiltInModel model : BuiltInModel.values()) {
                out.println(model.modelName());
            }
            out.flush();
        }
    }

    /** {@code models export DIR [NAME...]}: each built-in as {@code DIR/<name>} in the HF Optimum layout. */
    @Command(name = "export", mixinStandardHelpOptions = true,
            description = {"Writes built-in models as directories in the HF Optimum layout (model.onnx, "
                    + "tokenizer.json, config.json), one per model: DIR/<name>.",
                    "The service jar and the container images load models from directories: point "
                            + "models.definitions.<name>.path at DIR/<name>."})
    static final class Export implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Parameters(index = "0", paramLabel = "DIR", description = "Where to write (created if missing).")
        Path target;

        @Option(names = "--model", paramLabel = "NAME", description = "Only this built-in (repeatable; default: all).")
        List<String> names = new ArrayList<>();

        @Override
        public Integer call() {
            List<BuiltInModel> models = new ArrayList<>();
            for (String name : names) {
                Optional<BuiltInModel> model = BuiltInModel.byName(name);
                if (model.isEmpty()) {
                    throw new ParameterException(spec.commandLine(), "'" + name + "' is not a built-in model; "
                            + "the built-ins are " + BuiltInModel.names() + ".");
                }
                models.add(model.get());
            }
            if (models.isEmpty()) {
                models.addAll(List.of(BuiltInModel.values()));
            }
            PrintWriter out = spec.commandLine().getOut();
            for (BuiltInModel model : models) {
                out.println(BuiltInModelExport.export(model, target.toAbsolutePath().normalize()));
            }
            out.flush();
            return 0;
        }
    }
}
