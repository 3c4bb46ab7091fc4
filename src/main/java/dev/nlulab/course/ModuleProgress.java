package dev.nlulab.course;

/** One student's progress in one module, summed over its lessons. */
public record ModuleProgress(String moduleId, int lessonsCompleted, int lessons, int correct, int total) {}
