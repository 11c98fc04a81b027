package io.nlpstream.app.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nlpstream.app.config.BatchingProperties;
import io.nlpstream.app.config.InvalidConfigurationException;
import io.nlpstream.app.config.SessionProperties;
import io.nlpstream.models.batch.BatcherSettings;
import io.nlpstream.models.runtime.SessionSettings;
import org.junit.jupiter.api.Test;

/** {@code models.session.*} and {@code batching.*} as the models receive them. */
class ModelCatalogSettingsTest {

    @Test
    void theDefaultsAreTheModelsDefaults() {
        assertThat(ModelCatalog.sessionSettings(new SessionProperties())).isEqualTo(SessionSettings.DEFAULTS);
        assertThat(ModelCatalog.batcherSettings(new BatchingProperties())).isEqualTo(BatcherSettings.DEFAULTS);
    }

    @Test
    void spinningIsOffUnlessAllowed() {
        SessionProperties session = new SessionProperties();
        assertThat(ModelCatalog.sessionSettings(session).allowSpinning()).isFalse();
        session.setAllowSpinning("true");
        assertThat(ModelCatalog.sessionSettings(session).allowSpinning()).isTrue();
        assertThatThrownBy(() -> session.setAllowSpinning("yes")).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("models.session.allow-spinning is 'yes' but must be true or false.");
    }

    @Test
    void thePaddingFloorAndTokenBudgetReachTheBatcher() {
        BatchingProperties batching = new BatchingProperties();
        batching.setMinPaddingEfficiency(0.5);
        batching.setMaxBatchTokens(2048);
        BatcherSettings settings = ModelCatalog.batcherSettings(batching);
        assertThat(settings.minPaddingEfficiency()).isEqualTo(0.5);
        assertThat(settings.maxBatchTokens()).isEqualTo(2048);
    }

    @Test
    void aPaddingFloorOutsideZeroToOneNamesTheKey() {
        BatchingProperties batching = new BatchingProperties();
        batching.setMinPaddingEfficiency(1.2);
        assertThatThrownBy(() -> ModelCatalog.batcherSettings(batching))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("batching.min-padding-efficiency is 1.2 but must be between 0.0 and 1.0.");
    }

    @Test
    void workersDefaultToOnePerCoreWithSingleThreadedCalls() {
        assertThat(ModelCatalog.batcherSettings(new BatchingProperties()).workers())
                .isEqualTo(BatcherSettings.WORKERS_PER_CORE);
        assertThat(ModelCatalog.sessionSettings(new SessionProperties()).intraOpThreads()).isEqualTo(1);
        BatchingProperties batching = new BatchingProperties();
        batching.setWorkers(-1);
        assertThatThrownBy(() -> ModelCatalog.batcherSettings(batching))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("batching.workers is -1 but must be at least 0.");
    }
}
