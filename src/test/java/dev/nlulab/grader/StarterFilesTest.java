package dev.nlulab.grader;

import dev.nlulab.labs.Exercise;
import dev.nlulab.labs.Lab;
import dev.nlulab.labs.LabCatalog;
import dev.nlulab.metrics.Metrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reverse-dictionary lab's starter files, as a student gets them: the sample submission and the Python starter
 * script, run on the lab's public data. Both files are graded as they are.
 */
class StarterFilesTest {
    private final LabCatalog catalog = new LabCatalog(Path.of("labs"), Path.of("grader"));
    private final Grading grading = new Grading(catalog::key, PredictionsParser.DEFAULT_MAX_BYTES);
    private final Lab lab = catalog.lab("reverse-dictionary").orElseThrow();
    private final Exercise test = lab.exercise("test").orElseThrow();

    @Test
    void theSampleSubmissionHoldsEveryTestIdOfThePublicFileAndIsGradable(@TempDir Path dir) throws Exception {
        String sample = StarterFiles.sample(grading, lab, test);
        assertThat(sample.lines()).hasSize(2000);
        // the ids are those of the public test file, in its order
        assertThat(sample.lines().map(l -> l.substring(0, l.indexOf(",\"prediction\""))).toList())
                .isEqualTo(Files.readAllLines(lab.dataDir().resolve("test.jsonl")).stream().map(l -> l.substring(0, l.indexOf(",\"definition\""))).toList());
        Path file = Files.writeString(dir.resolve("sample.jsonl"), sample);
        Grading.Evaluation e = grading.evaluate(lab, test, file);
        assertThat(e.status()).isEqualTo(SubmissionStatus.GRADED);
        assertThat(e.score().overall()).isZero();
    }

    @Test
    void theStarterScriptReadsThePublicDataAndWritesAFileThatScores(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("predictions.jsonl");
        Process p = new ProcessBuilder("python3", lab.starterScript().toString(), "--data", lab.dataDir().toString(), "--out", out.toString())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the script ends").isTrue();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(log).isZero();
        PredictionsParser.Result parsed = grading.parse(lab, test, out);
        assertThat(parsed.problems()).isEmpty();
        double mrr = grading.score(lab, test, parsed.predictions()).score().overall();
        assertThat(Metrics.byName(test.metric()).name()).isEqualTo("mrr@10");
        assertThat(mrr).as("word overlap finds some words").isGreaterThan(0.05);
    }
}
