package io.nlpstream.models.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import io.nlpstream.models.ModelLoadException;
import io.nlpstream.models.testing.OnnxGraphs;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SessionOpenerTest {

    private static final SessionSettings CPU = SessionSettings.DEFAULTS;
    private static final SessionSettings CUDA = new SessionSettings(ExecutionProvider.CUDA, 3, 1, 1,
            GraphOptimization.BASIC, 1L << 30);

    private static final byte[] GRAPH = new OnnxGraphs().input("input_ids", OnnxGraphs.INT64, "batch", "seq")
            .input("attention_mask", OnnxGraphs.INT64, "batch", "seq")
            .castOutput("echo", "batch", "seq").build();

    private static SessionOpener.SessionFactory graph() {
        return options -> OrtEnvironment.getEnvironment().createSession(GRAPH, options);
    }

    @Test
    void poolThreadsDoNotSpinUnlessAsked() throws Exception {
        try (OrtSession.SessionOptions quiet = SessionOpener.baseOptions(CPU);
             OrtSession.SessionOptions spinning = SessionOpener.baseOptions(CPU.withAllowSpinning(true))) {
            assertThat(quiet.getConfigEntries())
                    .containsEntry(SessionOpener.INTRA_OP_SPINNING, "0")
                    .containsEntry(SessionOpener.INTER_OP_SPINNING, "0");
            assertThat(spinning.getConfigEntries())
                    .containsEntry(SessionOpener.INTRA_OP_SPINNING, "1")
                    .containsEntry(SessionOpener.INTER_OP_SPINNING, "1");
        }
    }

    @Test
    void cpuOpensOnCpu() throws Exception {
        SessionOpener.OpenSession open = SessionOpener.open("echo", CPU, graph());
        try (OrtSession session = open.session()) {
            assertThat(open.provider()).isEqualTo(ExecutionProvider.CPU);
            assertThat(session.getInputNames()).contains("input_ids");
        }
    }

    @Test
    void cudaFromABuildWithoutItOpensOnCpu() throws Exception {
        SessionOpener.OpenSession open = SessionOpener.open("echo", CUDA, graph(), EnumSet.of(OrtProvider.CPU));
        try (OrtSession session = open.session()) {
            assertThat(open.provider()).isEqualTo(ExecutionProvider.CPU);
        }
    }

    @Test
    void cudaThatCannotStartOpensOnCpu() throws Exception {
        // The provider is listed but cannot start: on the CPU jar its library is missing, on the -Pgpu jar there is
        // no device 99. Either way the session opens on CPU.
        SessionSettings noSuchDevice = new SessionSettings(ExecutionProvider.CUDA, 99, 1, 1,
                GraphOptimization.BASIC, 0L);

        SessionOpener.OpenSession open = SessionOpener.open("echo", noSuchDevice, graph(), Set.of(OrtProvider.CUDA));

        try (OrtSession session = open.session()) {
            assertThat(open.provider()).isEqualTo(ExecutionProvider.CPU);
            assertThat(session.getOutputNames()).containsExactly("echo");
        }
    }

    @Test
    void garbageIsNotAGraph() {
        assertThatThrownBy(() -> SessionOpener.open("junk", CPU,
                options -> OrtEnvironment.getEnvironment().createSession(new byte[]{1, 2, 3, 4}, options)))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("'junk'").hasMessageContaining("not a valid ONNX graph");
    }
}
