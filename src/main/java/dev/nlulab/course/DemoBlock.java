package dev.nlulab.course;

import java.util.Map;

/** A ```demo block: which registered demo and its parameters (already checked against {@link DemoRegistry}). */
public record DemoBlock(String name, Map<String, Object> params, int line) {}
