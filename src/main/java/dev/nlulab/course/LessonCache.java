package dev.nlulab.course;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Loaded lesson files kept between reloads, so an edit re-renders only the file that changed. An
 * entry is reused while the file's size and modification time and the set of other files in the
 * lessons folder (images a lesson may point to) are unchanged. Used by one reload at a time.
 */
final class LessonCache {
    private record Entry(long size, long modifiedNanos, String moduleId, String otherFiles, LessonLoader.Loaded loaded) {}

    private final Map<Path, Entry> entries = new HashMap<>();

    LessonLoader.Loaded get(Path file, String moduleId, String otherFiles, Supplier<LessonLoader.Loaded> load) {
        long size;
        long modified;
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            size = a.size();
            modified = a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (IOException e) {
            return load.get();                    // gone meanwhile: the loader reports it
        }
        Entry e = entries.get(file);
        if (e != null && e.size == size && e.modifiedNanos == modified && e.moduleId.equals(moduleId)
                && e.otherFiles.equals(otherFiles)) {
            return e.loaded;
        }
        LessonLoader.Loaded loaded = load.get();
        entries.put(file, new Entry(size, modified, moduleId, otherFiles, loaded));
        return loaded;
    }
}
