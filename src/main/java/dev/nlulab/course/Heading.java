package dev.nlulab.course;

/** A heading of a rendered lesson, for a page's side table of contents. */
public record Heading(int level, String id, String text) {}
