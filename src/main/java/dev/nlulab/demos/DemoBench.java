package dev.nlulab.demos;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nlulab.encoder.SharedSentenceEncoder;
import dev.nlulab.prompting.SharedModel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Server time of each demo on inputs a student would send, the cache left out: every call computes.
 * The first call of each demo (loading the encoder, the corpus, a layer's singular values) is timed
 * apart as the cold start. Calls run one after another, as one student's would.
 */
public final class DemoBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Inputs per demo: the lessons' own, then variations a student tries. */
    static final Map<String, List<String>> INPUTS = new LinkedHashMap<>();

    static {
        INPUTS.put("tokenizer", List.of("{\"text\": \"The newest lowest-priced tokenizer handles 12345 and naïve café\"}",
                "{\"text\": \"unbelievably rare words like floccinaucinihilipilification\"}", "{\"text\": \" hello Hello HELLO\"}"));
        INPUTS.put("embedding-similarity", List.of("{\"word\": \"bank\", \"sentences\": [\"she deposited the cheque at the bank\", "
                + "\"the bank raised its interest rates\", \"they fished from the bank of the river\"]}",
                "{\"word\": \"bat\", \"sentences\": [\"a bat flew out of the cave\", \"he swung the bat hard\", \"the bat slept all day\"]}"));
        INPUTS.put("attention", List.of("{\"text\": \"The bank raised its rates because the river flooded\"}",
                "{\"text\": \"Q: What is 38 + 47?\\nA: Let's think step by step.\"}"));
        INPUTS.put("bm25", List.of("{\"query\": \"a large stream of water\", \"k1\": 1.2, \"b\": 0.75}",
                "{\"query\": \"a large natural stream of water\", \"k1\": 2.0, \"b\": 0.3}", "{\"query\": \"a small boat with oars\"}"));
        INPUTS.put("generate", List.of("{\"prompt\": \"Q: Take the last letters of each word in \\\"Ann Bob\\\" and concatenate them.\\nA: The last letter of "
                + "\\\"Ann\\\" is \\\"n\\\". The last letter of \\\"Bob\\\" is \\\"b\\\". Concatenating them is \\\"nb\\\". The answer is nb.\\n\\n"
                + "Q: Take the last letters of each word in \\\"Lucy Max\\\" and concatenate them.\\nA:\", \"max_tokens\": 40, \"temperature\": 0}",
                "{\"prompt\": \"Q: Take the last letters of each word in \\\"Grace Oscar Ivy\\\" and concatenate them.\\nA:\", \"max_tokens\": 40, \"temperature\": 0}",
                "{\"prompt\": \"Q: What is 38 + 47? A: Let's think step by step.\", \"max_tokens\": 48, \"temperature\": 0}"));
        INPUTS.put("lora-rank", List.of("{\"module\": \"model.layers.0.self_attn.q_proj\", \"rank\": 8, \"alpha\": 16}",
                "{\"module\": \"model.layers.0.self_attn.q_proj\", \"rank\": 64, \"alpha\": 16}"));
        INPUTS.put("cot", List.of("{\"question\": \"Mia has 14 books. Mia buys 3 boxes of books with 5 books in each box. How many books does Mia have now?\","
                + " \"max_tokens\": 96}", "{\"question\": \"Tom has 3 apples and buys 4 more. How many apples does he have?\", \"max_tokens\": 64}"));
        INPUTS.put("quantize", List.of("{\"bits\": 4, \"group_size\": 32}", "{\"bits\": 2, \"group_size\": -1}", "{\"bits\": 3, \"group_size\": 128}"));
    }

    /**
     * Wall-clock milliseconds of the first (cold) call, then the median and 90th percentile of the warm ones,
     * the median CPU milliseconds of the whole process per call (the cot demo's methods run on threads of
     * their own), and the machine's one-minute load average when the demo's calls ended.
     */
    public record Row(String demo, int calls, double coldMillis, double medianMillis, double p90Millis, double medianCpuMillis, double load) {}

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    private DemoBench() {}

    /** Every demo with inputs, or only those named in {@code only} when it is not empty. */
    public static List<Row> run(SharedModel model, ReverseDictionaryData.Source reverseDictionary, int rounds, java.util.Set<String> only) throws Exception {
        for (String name : only) if (!INPUTS.containsKey(name)) throw new IllegalArgumentException("no demo named " + name + "; the demos: " + INPUTS.keySet());
        List<Row> rows = new ArrayList<>();
        try (SharedSentenceEncoder encoder = new SharedSentenceEncoder(1); DemoServices services = new DemoServices(model, encoder, reverseDictionary, null)) {
            for (LiveDemo<?> demo : services.all()) {
                List<String> inputs = INPUTS.getOrDefault(demo.name(), List.of());
                if (inputs.isEmpty() || !only.isEmpty() && !only.contains(demo.name())) continue;
                double cold = time(demo, inputs.get(0))[0];
                double[] warm = new double[rounds * inputs.size()];
                double[] cpu = new double[warm.length];
                int n = 0;
                for (int r = 0; r < rounds; r++) {
                    for (String input : inputs) {
                        double[] t = time(demo, input);
                        warm[n] = t[0];
                        cpu[n++] = t[1];
                    }
                }
                Arrays.sort(warm);
                Arrays.sort(cpu);
                rows.add(new Row(demo.name(), warm.length, cold, percentile(warm, 0.5), percentile(warm, 0.9), percentile(cpu, 0.5),
                        OS.getSystemLoadAverage()));
            }
        }
        return rows;
    }

    /** The nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, double q) {
        return sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)];
    }

    /** {wall, cpu} milliseconds of one call; a demo still loading its data in the background is waited for. */
    private static <P> double[] time(LiveDemo<P> demo, String json) throws Exception {
        long cpu = OS.getProcessCpuTime();
        long start = System.nanoTime();
        while (true) {
            try {
                demo.run(demo.read(new DemoInput(JSON.readTree(json))));
                break;
            } catch (DemoWarming e) {
                Thread.sleep(100);
            }
        }
        return new double[] {(System.nanoTime() - start) / 1e6, (OS.getProcessCpuTime() - cpu) / 1e6};
    }
}
