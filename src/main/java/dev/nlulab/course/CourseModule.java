package dev.nlulab.course;

/** One of the four parts of the course, as listed in {@code lessons/course.yaml}. */
public record CourseModule(String id, String title, String summary) {}
