package dev.nlulab.course;
import org.junit.jupiter.api.Test;
import java.nio.file.*;
class TimingScratchTest {
    @Test void time() throws Exception {
        LessonMarkdown md = new LessonMarkdown();
        String body = Files.readString(Path.of("/tmp/bigcourse/representations/10-lesson.md"));
        for (int r = 0; r < 3; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < 40; i++) md.parse(body);
            long t1 = System.nanoTime();
            var doc = md.parse(body);
            for (int i = 0; i < 40; i++) md.render(doc, "representations/10-lesson");
            long t2 = System.nanoTime();
            for (int i = 0; i < 400; i++) md.renderSnippet("The **most** frequent $a_b$", "x/01-y");
            long t3 = System.nanoTime();
            for (int i = 0; i < 400; i++) new YamlTree(1).parse("questions:\n  - id: a\n    type: single\n");
            long t4 = System.nanoTime();
            long a0 = System.nanoTime();
            for (int i = 0; i < 400; i++) md.parse("The **most** frequent $a_b$");
            long a1 = System.nanoTime();
            var sd = md.parse("The **most** frequent $a_b$");
            String h = "";
            for (int i = 0; i < 400; i++) h = md.render(sd, "x/01-y");
            long a2 = System.nanoTime();
            for (int i = 0; i < 400; i++) md.sanitize(h);
            long a3 = System.nanoTime();
            System.out.printf("TIMING snippet parse=%dms render+clean=%dms clean=%dms%n", (a1-a0)/1000000, (a2-a1)/1000000, (a3-a2)/1000000);
            LessonLoader loader = new LessonLoader(md, Path.of("/tmp/bigcourse"));
            for (int i = 0; i < 40; i++) loader.load(Path.of("/tmp/bigcourse/representations/10-lesson.md"), "representations");
            long t5 = System.nanoTime();
            System.out.printf("TIMING parse40=%dms render40=%dms snippet400=%dms yaml400=%dms load40=%dms%n",
                (t1-t0)/1000000, (t2-t1)/1000000, (t3-t2)/1000000, (t4-t3)/1000000, (t5-t4)/1000000);
        }
    }
}
