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

    /**
     * {@code cuda} needs the {@code -Pgpu} build on a CUDA 12 + cuDNN 9 host; without one the model runs on CPU after
     * one WARN line naming why.
     */
    public String getProvider() {
        return provider;
    }

    public void setProvider(String provider) {
        this.provider = provider;
    }

    /** CUDA device. */
    public int getDeviceId() {
        return deviceId;
    }

    public void setDeviceId(int deviceId) {
        this.deviceId = deviceId;
    }

    /**
     * Threads inside one operator of one model call; 0 = one per core. With {@code batching.workers: 0} every core
     * runs its own single-threaded call, which keeps small CPU models busier than one call over every core; for the
     * lowest latency of a lone request set 0 here and {@code batching.workers: 1}.
     */
    public int getIntraOpThreads() {
        return intraOpThreads;
    }

    public void setIntraOpThreads(int intraOpThreads) {
        this.intraOpThreads = intraOpThreads;
    }

    /** Threads across operators. */
    public int getInterOpThreads() {
        return interOpThreads;
    }

    public void setInterOpThreads(int interOpThreads) {
        this.interOpThreads = interOpThreads;
    }

    /** Graph optimisation level: {@code NONE}, {@code BASIC}, {@code EXTENDED}, {@code ALL}. */
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
