package io.nlpstream.topology.support;

import io.nlpstream.topology.TopologyListener;
import io.nlpstream.topology.deadletter.DeadLetterReason;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts every listener call per pipeline. */
public class CountingListener implements TopologyListener {
    public final Map<String, AtomicInteger> in = new ConcurrentHashMap<>();
    public final Map<String, AtomicInteger> out = new ConcurrentHashMap<>();
    public final Map<String, AtomicInteger> dead = new ConcurrentHashMap<>();
    public final Map<DeadLetterReason, AtomicInteger> reasons = new ConcurrentHashMap<>();
    public final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    public final List<Duration> batchWaits = new CopyOnWriteArrayList<>();
    public final List<Duration> endToEnd = new CopyOnWriteArrayList<>();
    /** Decisions by {@code pipeline/rule/action}, {@code -} for no rule. */
    public final Map<String, Integer> decisions = new ConcurrentHashMap<>();

    @Override
    public void recordIn(String pipeline) {
        in.computeIfAbsent(pipeline, p -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public void recordOut(String pipeline, Duration sinceTimestamp) {
        out.computeIfAbsent(pipeline, p -> new AtomicInteger()).incrementAndGet();
        endToEnd.add(sinceTimestamp);
    }

    @Override
    public void decided(String pipeline, String rule, String action) {
        decisions.merge(pipeline + "/" + (rule == null ? "-" : rule) + "/" + action, 1, Integer::sum);
    }

    @Override
    public void deadLetter(String pipeline, DeadLetterReason reason) {
        dead.computeIfAbsent(pipeline, p -> new AtomicInteger()).incrementAndGet();
        reasons.computeIfAbsent(reason, r -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public void batchFlushed(String pipeline, int size, Duration oldestWait) {
        batchSizes.add(size);
        batchWaits.add(oldestWait);
    }

    public int in(String pipeline) {
        return in.getOrDefault(pipeline, new AtomicInteger()).get();
    }

    public int out(String pipeline) {
        return out.getOrDefault(pipeline, new AtomicInteger()).get();
    }

    public int dead(String pipeline) {
        return dead.getOrDefault(pipeline, new AtomicInteger()).get();
    }
}
