package dev.nlulab.demos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nlulab.identity.Role;
import dev.nlulab.encoder.SentenceEncoder;
import dev.nlulab.encoder.TokenVectors;
import dev.nlulab.encoder.Vectors;
import dev.nlulab.ml.Linear;
import dev.nlulab.ml.LlamaModel;
import dev.nlulab.ml.Tokenizer;
import dev.nlulab.ml.course.CourseModel;
import dev.nlulab.ml.quant.IntNWeight;
import dev.nlulab.ml.quant.RoundToNearest;
import dev.nlulab.labs.reversedictionary.ReverseDictionaryBaseline;
import dev.nlulab.retrieval.Bm25Index;
import dev.nlulab.web.TestClient;
import dev.nlulab.web.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo endpoints over HTTP on the shipped course model and MiniLM, each answer checked against the
 * model run directly: the same tokens, the same attention, the same similarities, the same quantized weights.
 */
class DemoRoutesTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path MODEL = CourseModel.DEFAULT_DIR.toAbsolutePath();
    static TestServer server;
    static TestClient student;
    static NDManager manager;
    static LlamaModel model;
    static Tokenizer tokenizer;
    static SentenceEncoder encoder;
    static final int BURST = 60;

    @BeforeAll
    static void start() {
        // the other tests ask as one student, fewer times in all than the burst; the rate-limit test goes past it as another
        server = TestServer.start(Map.of("model.dir", MODEL.toString(), "demos.burst", String.valueOf(BURST), "demos.per.minute", "6"), List.of());
        server.user("first@uni.edu", Role.ADMIN);
        student = server.signedIn("student@uni.edu", Role.STUDENT);
        manager = NDManager.newBaseManager();
        model = LlamaModel.load(MODEL, manager);
        tokenizer = Tokenizer.forModel(MODEL, model.config());
        encoder = SentenceEncoder.load(1);
    }

    @AfterAll
    static void stop() {
        server.close();
        tokenizer.close();
        manager.close();
        encoder.close();
    }

    static HttpResponse<String> call(TestClient c, String demo, String body) {
        return c.send(HttpRequest.newBuilder(URI.create(server.url("/api/demos/" + demo))).header("Accept", "application/json")
                .header("Content-Type", "application/json").header("X-CSRF-Token", c.csrfToken())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    static JsonNode ok(String demo, Object body) {
        try {
            HttpResponse<String> r = call(student, demo, JSON.writeValueAsString(body));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            return JSON.readTree(r.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static List<String> texts(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    static long[] longs(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).mapToLong(JsonNode::asLong).toArray();
    }

    @Test
    void tokenizerGivesBothTokenizersOwnTokensAndIds() {
        String text = "The newest lowest-priced tokenizer handles 12345 and naïve café";
        JsonNode a = ok("tokenizer", Map.of("text", text));
        assertThat(longs(a.at("/bpe/ids"))).containsExactly(tokenizer.encode(text));
        assertThat(texts(a.at("/bpe/tokens"))).containsExactly(tokenizer.tokens(text));
        assertThat(a.at("/bpe/count").asInt()).isEqualTo(tokenizer.encode(text).length);
        var wp = encoder.tokenize(text);
        assertThat(texts(a.at("/wordPiece/tokens"))).isEqualTo(wp.tokens()).startsWith("[CLS]").endsWith("[SEP]");
        assertThat(longs(a.at("/wordPiece/ids"))).containsExactly(wp.ids());
        assertThat(texts(a.at("/bpe/tokens"))).containsSequence("Ġ", "1", "2", "3", "4", "5"); // every digit is its own token in the course model
    }

    @Test
    void attentionIsTheModelsOwnWeightsRowsSummingToOneAndCausal() {
        String text = "The bank raised its rates";
        JsonNode a = ok("attention", Map.of("text", text));
        long[] ids = tokenizer.encodeWithBos(text);
        float[] direct;
        try (NDManager scope = manager.newSubManager()) {
            model.tempAttach(scope);
            direct = model.attentionWeights(scope.create(new long[][] {ids})).toFloatArray(); // (L, 1, H, T, T)
        }
        int t = ids.length;
        assertThat(texts(a.get("tokens"))).hasSize(t).first().isEqualTo("<s>");
        assertThat(a.get("layers").asInt()).isEqualTo(4);
        int k = 0;
        for (int l = 0; l < 4; l++) for (int h = 0; h < 4; h++) for (int i = 0; i < t; i++) {
            double row = 0;
            for (int j = 0; j < t; j++) {
                double w = a.get("weights").get(l).get(h).get(i).get(j).asDouble();
                assertThat(w).isCloseTo(direct[k++], within(1e-4));
                if (j > i) assertThat(w).isZero();
                row += w;
            }
            assertThat(row).isCloseTo(1, within(2e-3));
        }
    }

    @Test
    void generateWritesTheGreedyContinuationAndEachTokenIsTheMostLikelyAtItsStep() {
        String prompt = "Q: What is 38 + 47?\nA: Let's think step by step.";
        JsonNode a = ok("generate", Map.of("prompt", prompt, "max_tokens", 12, "temperature", 0));
        var direct = new dev.nlulab.ml.Generator(model, tokenizer).generate(List.of(prompt), dev.nlulab.ml.GenerationConfig.greedy(12)).get(0);
        assertThat(a.get("text").asText()).isEqualTo(direct.text());
        JsonNode steps = a.get("steps");
        assertThat(steps).hasSize(direct.tokens().length);
        for (int k = 0; k < steps.size(); k++) {
            JsonNode s = steps.get(k);
            assertThat(s.get("id").asLong()).isEqualTo(direct.tokens()[k]);
            assertThat(s.at("/top/0/id").asLong()).isEqualTo(s.get("id").asLong()); // greedy: the likeliest token
            assertThat(s.get("p").asDouble()).isBetween(0.0, 1.0).isGreaterThanOrEqualTo(s.at("/top/1/p").asDouble());
        }
    }

    @Test
    void embeddingSimilarityIsTheCosineOfTheWordsContextualVectors() {
        List<String> sentences = List.of("she deposited the cheque at the bank", "the bank raised its interest rates",
                "they fished from the bank of the river");
        JsonNode a = ok("embedding-similarity", Map.of("word", "bank", "sentences", sentences));
        float[][] v = new float[3][];
        for (int s = 0; s < 3; s++) {
            TokenVectors tv = encoder.tokenVectors(sentences.get(s));
            int at = tv.text().tokens().indexOf("bank");
            v[s] = tv.vectors()[at];
        }
        float[] alone = encoder.tokenVectors("bank").vectors()[1];
        for (int i = 0; i < 3; i++) {
            assertThat(a.at("/cosineToAlone/" + i).asDouble()).isCloseTo(Vectors.cosine(v[i], alone), within(1e-3));
            for (int j = 0; j < 3; j++) assertThat(a.at("/cosine/" + i + "/" + j).asDouble()).isCloseTo(Vectors.cosine(v[i], v[j]), within(1e-3));
        }
        // the two money senses are closer to each other than either is to the river bank
        assertThat(a.at("/cosine/0/1").asDouble()).isGreaterThan(a.at("/cosine/0/2").asDouble()).isGreaterThan(0);
        assertThat(a.at("/uses/2/from").asInt()).isEqualTo(5); // [CLS] they fished from the bank
    }

    @Test
    void quantizeGivesRoundToNearestsOwnWeightsAndALossThatGrowsAsBitsFall() {
        JsonNode four = ok("quantize", Map.of("bits", 4, "group_size", 32));
        Linear q = model.linears().get("model.layers.0.self_attn.q_proj");
        float[] w = q.floatWeight(manager);
        IntNWeight direct = RoundToNearest.quantize(w, 256, 256, 4, 32);
        assertThat(four.at("/sample/module").asText()).isEqualTo("model.layers.0.self_attn.q_proj");
        float[] dq = direct.dequantize();
        int[] codes = direct.codes();
        for (int i = 0; i < QuantizeDemo.SAMPLE; i++) {
            assertThat(four.at("/sample/quantized/" + i).floatValue()).isEqualTo(dq[i]);
            assertThat(four.at("/sample/codes/" + i).asInt()).isEqualTo(codes[i]);
            assertThat(four.at("/sample/original/" + i).floatValue()).isEqualTo(w[i]);
        }
        long params = model.linears().values().stream().mapToLong(l -> l.inFeatures() * l.outFeatures()).sum();
        assertThat(four.get("weights").asLong()).isEqualTo(params);
        assertThat(four.get("floatBytes").asLong()).isEqualTo(4 * params);
        assertThat(four.get("bitsPerWeight").asDouble()).isCloseTo(4 + 64.0 / 32, within(0.01)); // N + 2 floats per group of 32
        long counted = 0;
        for (JsonNode c : four.at("/errors/counts")) counted += c.asLong();
        assertThat(counted).isEqualTo(params);
        JsonNode two = ok("quantize", Map.of("bits", 2, "group_size", -1));
        JsonNode eight = ok("quantize", Map.of("bits", 8, "group_size", 128));
        assertThat(eight.get("lossBefore").asDouble()).isEqualTo(four.get("lossBefore").asDouble());
        assertThat(eight.get("lossAfter").asDouble()).isCloseTo(eight.get("lossBefore").asDouble(), within(0.02));
        assertThat(two.get("lossAfter").asDouble()).isGreaterThan(four.get("lossAfter").asDouble());
        assertThat(two.get("rmse").asDouble()).isGreaterThan(four.get("rmse").asDouble()).isGreaterThan(eight.get("rmse").asDouble());
        // the model is put back: a second call at 8 bits sees the same float loss
        assertThat(ok("quantize", Map.of("bits", 3, "group_size", 64)).get("lossBefore").asDouble()).isEqualTo(four.get("lossBefore").asDouble());
    }

    @Test
    void loraRankCountsParametersAndKeepsMoreOfTheLayerAsTheRankGrows() {
        JsonNode r8 = ok("lora-rank", Map.of("module", "model.layers.1.mlp.up_proj", "rank", 8, "alpha", 16));
        assertThat(r8.get("dIn").asInt()).isEqualTo(256);
        assertThat(r8.get("dOut").asInt()).isEqualTo(640);
        assertThat(r8.get("loraParams").asLong()).isEqualTo(8L * (256 + 640));
        assertThat(r8.get("modelLoraParams").asLong()).isEqualTo(4 * 8L * (4 * (256 + 256) + 2 * (256 + 640) + (640 + 256)));
        JsonNode r64 = ok("lora-rank", Map.of("module", "model.layers.1.mlp.up_proj", "rank", 64, "alpha", 16));
        assertThat(r64.get("energyKept").asDouble()).isGreaterThan(r8.get("energyKept").asDouble()).isLessThan(1);
        // Frobenius norm squared is the sum of squared singular values
        double s2 = 0;
        for (JsonNode s : r8.get("singularValues")) s2 += s.asDouble() * s.asDouble();
        float[] w = model.linears().get("model.layers.1.mlp.up_proj").floatWeight(manager);
        double f2 = 0;
        for (float x : w) f2 += (double) x * x;
        assertThat(s2).isCloseTo(f2, within(f2 * 1e-3));
        // alpha / r at fixed alpha: 8 times the rank, about 1/sqrt(8) of the update
        assertThat(r64.get("updateNorm").asDouble() / r8.get("updateNorm").asDouble()).isCloseTo(1 / Math.sqrt(8), within(0.05));
    }

    @Test
    void bm25IsLucenesRankingWithTheGivenK1AndBAndDenseIsMiniLmsCosine() throws Exception {
        Path data = Path.of("labs", "reverse-dictionary", "data");
        var documents = ReverseDictionaryBaseline.documents(ReverseDictionaryBaseline.words(data.resolve("words.jsonl")),
                List.of(ReverseDictionaryBaseline.items(data.resolve("train.jsonl"))));
        String query = "a large natural stream of water";
        TestClient reader = server.signedIn("reader@uni.edu", Role.STUDENT); // polls while the corpus loads
        HttpResponse<String> first = call(reader, "bm25", JSON.writeValueAsString(Map.of("query", query, "k1", 2.0, "b", 0.3)));
        assertThat(first.statusCode()).as("the first call starts loading the corpus and is told to come back").isEqualTo(202);
        assertThat(first.body()).contains("embedding its words");
        assertThat(first.headers().firstValue("Retry-After")).isPresent();
        HttpResponse<String> r = first;
        for (long end = System.currentTimeMillis() + 180_000; r.statusCode() == 202 && System.currentTimeMillis() < end; ) {
            Thread.sleep(1000);
            r = call(reader, "bm25", JSON.writeValueAsString(Map.of("query", query, "k1", 2.0, "b", 0.3)));
        }
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode a = JSON.readTree(r.body());
        try (Bm25Index index = new Bm25Index(documents, 2.0f, 0.3f)) {
            var direct = index.search(query, 10, 2.0f, 0.3f);
            assertThat(a.get("bm25").findValuesAsText("word")).containsExactlyElementsOf(direct.stream().map(Bm25Index.Hit::key).toList());
            for (int i = 0; i < direct.size(); i++) assertThat(a.at("/bm25/" + i + "/score").asDouble()).isCloseTo(direct.get(i).score(), within(1e-3));
        }
        float[] q = encoder.embed(query);
        double previous = 1;
        for (JsonNode hit : a.get("dense")) {
            double cosine = Vectors.cosine(q, encoder.embed(hit.get("word").asText()));
            assertThat(hit.get("score").asDouble()).isCloseTo(cosine, within(1e-3)).isLessThanOrEqualTo(previous);
            previous = hit.get("score").asDouble();
        }
        assertThat(a.at("/dev/queries").asInt()).isEqualTo(ReverseDictionaryCorpus.DEV_QUERIES);
        assertThat(a.at("/dev/denseSuccess").asDouble()).isBetween(0.0, 1.0).isGreaterThanOrEqualTo(a.at("/dev/denseMrr").asDouble());
        JsonNode flat = ok("bm25", Map.of("query", query, "k1", 1.2, "b", 0.0));
        assertThat(flat.at("/bm25/0/score").asDouble()).isNotEqualTo(a.at("/bm25/0/score").asDouble()); // k1 and b reach Lucene
    }

    @Test
    void cotIsTheLabsThreeMethodsBatchedGivingWhatEachGivesAloneOnTheModel() {
        String question = "Mia has 14 books. Mia buys 3 boxes of books with 5 books in each box. How many books does Mia have now?";
        JsonNode a = ok("cot", Map.of("question", question, "max_tokens", 64));
        assertThat(a.get("methods").findValuesAsText("method")).containsExactly("Zero-Shot", "Zero-Shot-CoT", "Few-Shot-CoT");
        String asked = "Q: " + question + "\nA:";
        assertThat(a.at("/methods/0/prompt").asText()).isEqualTo(asked + " The answer is");
        assertThat(a.at("/methods/1/prompt").asText()).isEqualTo(asked + " Let's think step by step.");
        assertThat(a.at("/methods/1/calls/1/prompt").asText()).as("Zero-Shot-CoT's second stage: the reasoning, then the extraction prompt")
                .isEqualTo(asked + " Let's think step by step." + a.at("/methods/1/completion").asText() + " \nTherefore, the answer (arabic numerals) is");
        String fewShot = a.at("/methods/2/prompt").asText();
        assertThat(fewShot).endsWith("\n\n" + asked).startsWith("Q: ");
        assertThat(fewShot.split("The answer is", -1)).hasSize(3); // two worked demonstrations
        assertThat(a.get("batches").asInt()).as("the three methods share a batch per stage: two stages").isEqualTo(2);
        // the lab's methods run one at a time, unbatched, on the model loaded here: the same calls and answers
        var alone = new dev.nlulab.prompting.ModelService(model, tokenizer, dev.nlulab.prompting.ModelService.Limits.defaults());
        var llm = new dev.nlulab.prompting.Llm(alone, dev.nlulab.prompting.Llm.Decoding.greedy(1), alone::promptTokens);
        var methods = CotDemo.methods(llm, new CotDemo.Params(question, "multiarith", "Let's think step by step.", 64));
        for (int i = 0; i < 3; i++) {
            var direct = methods.get(i).answer(List.of(new dev.nlulab.prompting.methods.Question("q", question))).get(0);
            JsonNode calls = a.at("/methods/" + i + "/calls");
            assertThat(calls.size()).isEqualTo(direct.calls().size());
            for (int c = 0; c < calls.size(); c++) {
                assertThat(calls.get(c).get("prompt").asText()).isEqualTo(direct.calls().get(c).prompt());
                assertThat(calls.get(c).get("completion").asText()).isEqualTo(direct.calls().get(c).completion());
            }
            assertThat(a.at("/methods/" + i + "/answer").asText()).isEqualTo(direct.answer());
            JsonNode alternative = a.at("/methods/" + i + "/alternative");
            assertThat(alternative.isNull() || alternative.isMissingNode() ? null : alternative.asText()).isEqualTo(direct.alternative());
        }
        assertThat(a.at("/methods/1/alternative").asText()).as("the lesson's question, worded like the model's training tasks, is solved with CoT: "
                + a.at("/methods/1/completion").asText()).isEqualTo("29");
    }

    @Test
    void badInputsAreRefusedWithWhatWasWrong() {
        assertThat(error("tokenizer", "{\"text\": \"\"}")).contains("text is empty");
        assertThat(error("tokenizer", "{\"text\": \"" + "a".repeat(TokenizerDemo.MAX_CHARS + 1) + "\"}")).contains("at most " + TokenizerDemo.MAX_CHARS);
        assertThat(error("tokenizer", "{\"text\": 12}")).contains("text must be a text, not the number 12");
        assertThat(error("tokenizer", "not json")).contains("not JSON");
        assertThat(error("tokenizer", "")).contains("JSON object");
        assertThat(error("bm25", "{\"query\": \"water\", \"b\": 1.5}")).contains("b must be from 0 to 1, not 1.5");
        assertThat(error("cot", "{\"question\": \"2 + 2?\", \"family\": \"poetry\"}")).contains("family must be one of");
        assertThat(error("cot", "{\"question\": \"2 + 2?\", \"trigger\": \"Think {hard}.\"}")).contains("trigger has the unknown slot {hard}");
        assertThat(error("quantize", "{\"bits\": 5}")).contains("bits must be one of [2, 3, 4, 8], not 5");
        assertThat(error("quantize", "{\"bits\": \"4\"}")).contains("bits must be one of [2, 3, 4, 8], not a text");
        assertThat(error("generate", "{\"prompt\": \"Q:\", \"max_tokens\": 1000}")).contains("max_tokens must be from 1 to 64");
        assertThat(error("generate", "{\"prompt\": \"Q:\", \"temperature\": -1}")).contains("temperature must be from 0 to 2");
        assertThat(error("attention", "{\"text\": \"" + "word ".repeat(55) + "\"}")).contains("at most " + AttentionDemo.MAX_TOKENS);
        assertThat(error("lora-rank", "{\"module\": \"lm_head\"}")).contains("module must be one of the model's projections");
        assertThat(error("embedding-similarity", "{\"word\": \"bank\", \"sentences\": [\"a river\", \"the bank\"]}"))
                .contains("sentences[1] does not contain the word 'bank'");
        assertThat(error("embedding-similarity", "{\"word\": \"bank\", \"sentences\": [\"the bank\"]}")).contains("give 2 to 6");
        HttpResponse<String> unknown = call(student, "no-such-demo", "{}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("no demo named");
    }

    static String error(String demo, String body) {
        HttpResponse<String> r = call(student, demo, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        return r.body();
    }

    @Test
    void aStudentWhoCallsTooOftenIsToldToWaitAndOthersAreNot() {
        TestClient eager = server.signedIn("eager@uni.edu", Role.STUDENT);
        for (int i = 0; i < BURST; i++) assertThat(call(eager, "quantize", "{\"bits\": \"x\"}").statusCode()).isEqualTo(400); // refused calls count too
        HttpResponse<String> over = call(eager, "quantize", "{\"bits\": 4}");
        assertThat(over.statusCode()).isEqualTo(429);
        assertThat(over.body()).contains("try again in");
        assertThat(over.headers().firstValue("Retry-After")).hasValueSatisfying(s -> assertThat(Integer.parseInt(s)).isPositive());
        TestClient other = server.signedIn("other@uni.edu", Role.STUDENT);
        assertThat(call(other, "quantize", "{\"bits\": \"x\"}").statusCode()).isEqualTo(400);
    }

    @Test
    void everyDemoTheLessonsEmbedIsServedAndTheRegistryNamesNoOther() {
        java.util.Set<String> named = new java.util.TreeSet<>();
        for (var l : dev.nlulab.course.LessonCatalog.open(Path.of("lessons")).course().lessons()) named.addAll(l.demoNames());
        assertThat(named).as("demos the shipped lessons embed").containsExactlyInAnyOrderElementsOf(dev.nlulab.course.DemoRegistry.NAMES);
        for (String name : named) {
            HttpResponse<String> r = call(student, name, "{}"); // no inputs: refused by the demo, not unknown
            assertThat(r.statusCode()).as(name + ": " + r.body()).isIn(200, 400);
        }
    }

    @Test
    void signedOutCallsAreRefused() {
        HttpResponse<String> r = new TestClient(server).send(HttpRequest.newBuilder(URI.create(server.url("/api/demos/tokenizer")))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"text\": \"hi\"}")).build());
        assertThat(r.statusCode()).isIn(401, 403);
    }
}
