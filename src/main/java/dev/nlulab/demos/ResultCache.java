package dev.nlulab.demos;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The last answers of the demos by their inputs, least recently used dropped first: a lesson's default input is asked for by every student. */
final class ResultCache {
    private record Key(String demo, Object params) {}

    private final Map<Key, Object> answers;

    ResultCache(int capacity) {
        this.answers = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Object> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The cached answer, or the computed one, kept; two equal requests at once may both compute it. */
    Object get(String demo, Object params, Supplier<Object> compute) {
        Key key = new Key(demo, params);
        synchronized (answers) {
            Object hit = answers.get(key);
            if (hit != null) return hit;
        }
        Object answer = compute.get();
        synchronized (answers) {
            answers.put(key, answer);
        }
        return answer;
    }
}
