package io.nlpstream.app.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.nlpstream.models.runtime.SessionSettings;
import java.util.Locale;

/** {@code models.session.*}: how every model's ONNX Runtime session is built; defaults {@link SessionSettings#DEFAULTS}. */
@ConfigurationProperties("models.session")
public class SessionProperties {
    private String provider = SessionSettings.DEFAULTS.provider().name().toLowerCase(Locale.ROOT);
    private int deviceId = SessionSettings.DEFAULTS.deviceId();
    private int intraOpThreads = SessionSettings.DEFAULTS.intraOpThreads();
    private int interOpThreads = SessionSettings.DEFAULTS.interOpThreads();
    private String optimization = SessionSettings.DEFAULTS.optimization().name();
    private long cudaMemoryLimit = SessionSettings.DEFAULTS.cudaMemoryLimitBytes();
    private boolean allowSpinning = SessionSettings.DEFAULTS.allowSpinning();

    public String getProvider() {
        return provider;
    }

    public void setProvider(String provider) {
        this.provider = provider;
    }

    public int getDeviceId() {
        return deviceId;
    }

    public void setDeviceId(int deviceId) {
        this.deviceId = deviceId;
    }

    public int getIntraOpThreads() {
        return intraOpThreads;
    }

    public void setIntraOpThreads(int intraOpThreads) {
        this.intraOpThreads = intraOpThreads;
    }

    public int getInterOpThreads() {
        return interOpThreads;
    }

    public void setInterOpThreads(int interOpThreads) {
        this.interOpThreads = interOpThreads;
    }

    public String getOptimization() {
        return optimization;
    }

    public void setOptimization(String optimization) {
        this.optimization = optimization;
    }

    /** Bytes; 0 means no limit. */
    public long getCudaMemoryLimit() {
        return cudaMemoryLimit;
    }

    public void setCudaMemoryLimit(long cudaMemoryLimit) {
        this.cudaMemoryLimit = cudaMemoryLimit;
    }

    /** Whether ONNX Runtime's idle pool threads busy-wait; off, because it starves Kafka and other models of CPU. */
    public boolean isAllowSpinning() {
        return allowSpinning;
    }

    public void setAllowSpinning(String allowSpinning) {
        this.allowSpinning = ConfigValues.bool("models.session.allow-spinning", allowSpinning);
    }
}
