package dev.nlulab.demos;

/**
 * One live demo: it reads its inputs (refusing bad ones with {@link DemoInput.Invalid}) into a value
 * that can key the cache, and computes its answer, a record the route sends as JSON.
 *
 * @param <P> the demo's checked inputs; a record, so equal inputs find the cached answer
 */
interface LiveDemo<P> {
    /** The name lessons use in a {@code demo} block. */
    String name();

    P read(DemoInput input);

    Object run(P params);

    /** Whether the same inputs always give the same answer (sampled text does not). */
    default boolean cacheable(P params) {
        return true;
    }
}
