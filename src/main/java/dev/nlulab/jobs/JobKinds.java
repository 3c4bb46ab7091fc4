package dev.nlulab.jobs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/** The registry of job kinds on the class path (ServiceLoader on {@link JobKind}). */
public final class JobKinds {
    private final Map<String, JobKind> byId;

    private JobKinds(Map<String, JobKind> byId) {
        this.byId = Collections.unmodifiableMap(byId);
    }

    public static JobKinds load() {
        Map<String, JobKind> m = new LinkedHashMap<>();
        for (JobKind k : ServiceLoader.load(JobKind.class)) {
            JobKind before = m.putIfAbsent(k.id(), k);
            if (before != null) {
                throw new IllegalStateException("two job kinds share the id '" + k.id() + "': "
                        + before.getClass().getName() + " and " + k.getClass().getName());
            }
        }
        return new JobKinds(m);
    }

    /** Exactly these kinds (embedding, benchmarks). */
    public static JobKinds of(JobKind... kinds) {
        Map<String, JobKind> m = new LinkedHashMap<>();
        for (JobKind k : kinds) m.put(k.id(), k);
        return new JobKinds(m);
    }

    public Optional<JobKind> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public JobKind require(String id) {
        JobKind k = byId.get(id);
        if (k == null) throw new IllegalArgumentException("unknown job kind '" + id + "'; known kinds: " + byId.keySet());
        return k;
    }

    public Map<String, JobKind> all() { return byId; }
}
