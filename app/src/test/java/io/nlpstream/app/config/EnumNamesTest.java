package io.nlpstream.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nlpstream.app.infer.OptionConverters.ProviderConverter;
import io.nlpstream.models.runtime.ExecutionProvider;
import io.nlpstream.topology.ModelErrorPolicy;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class EnumNamesTest {

    @Test
    void namesAreCaseInsensitiveWithDashesForUnderscores() {
        assertThat(EnumNames.find(ModelErrorPolicy.class, " dead-letter ")).contains(ModelErrorPolicy.DEAD_LETTER);
        assertThat(EnumNames.find(ModelErrorPolicy.class, "DEAD_LETTER")).contains(ModelErrorPolicy.DEAD_LETTER);
        assertThat(EnumNames.find(ExecutionProvider.class, "Cuda")).contains(ExecutionProvider.CUDA);
        assertThat(EnumNames.find(ExecutionProvider.class, "tpu")).isEmpty();
        assertThat(EnumNames.find(ExecutionProvider.class, null)).isEmpty();
        assertThat(EnumNames.allowed(ExecutionProvider.class)).isEqualTo("cpu, cuda");
    }

    @Test
    void configurationAndCommandLineReadTheSameSpellingsAndNameTheChoices() {
        assertThat(ConfigValues.enumValue("models.session.provider", "CUDA", ExecutionProvider.class))
                .isEqualTo(new ProviderConverter().convert("CUDA"));
        assertThatThrownBy(() -> ConfigValues.enumValue("models.session.provider", "tpu", ExecutionProvider.class))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("models.session.provider is 'tpu' but must be one of cpu, cuda.");
        assertThatThrownBy(() -> new ProviderConverter().convert("tpu"))
                .isInstanceOf(TypeConversionException.class).hasMessage("'tpu' is not one of [cpu, cuda]");
    }
}
