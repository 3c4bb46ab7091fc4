package dev.nlulab.prompting.methods;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nlulab.encoder.SentenceEncoder;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The nearest-centroid identifier over all-MiniLM-L6-v2 embeddings, fitted on the lab's pool and measured on its dev set. */
class CentroidIdentifierTest {
    static SentenceEncoder encoder;

    @BeforeAll
    static void load() {
        encoder = CourseModelLlm.encoder();
    }

    @Test
    void itNamesTheScenarioAndDataSetOfInDistributionDevQuestions() {
        List<LabFiles.Row> pool = LabFiles.read("pool.jsonl");
        CentroidIdentifier id = CentroidIdentifier.fit(encoder::embed, pool.stream()
                .map(r -> new CentroidIdentifier.Labelled(r.question(), r.task())).toList());
        assertThat(id.tasks()).hasSize(10);
        assertThat(id.namesDatasets()).isTrue();
        List<LabFiles.Row> dev = LabFiles.read("dev.jsonl").stream().filter(r -> !r.ood()).toList();
        List<Identification> found = id.identify(dev.stream().map(LabFiles.Row::asQuestion).toList());
        int scenario = 0, dataset = 0;
        for (int i = 0; i < dev.size(); i++) {
            assertThat(found.get(i).decidedBy()).isEqualTo(Identification.Decided.CENTROID);
            assertThat(found.get(i).calls()).isEmpty();
            if (found.get(i).task().scenario().equals(dev.get(i).scenario())) scenario++;
            if (found.get(i).task().dataset().equals(dev.get(i).dataset())) dataset++;
        }
        System.out.printf("centroid identification on %d in-distribution dev questions: scenario %.3f, data set %.3f%n",
                dev.size(), (double) scenario / dev.size(), (double) dataset / dev.size());
        assertThat((double) scenario / dev.size()).isGreaterThanOrEqualTo(0.95); // the target for identification
    }
}
