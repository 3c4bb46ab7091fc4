package dev.nlulab.prompting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nlulab.config.Settings;
import dev.nlulab.ml.TinyModels;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The llm.backend setting: which model the Model page and a prompting job ask, and what is wrong with the settings. */
class LlmBackendsTest {
    static {
        TinyModels.init();
    }

    static final Settings HTTP = Settings.of(Map.of("llm.backend", "http", "llm.http.url", "http://gpu1:8000/v1", "llm.http.model", "m"));

    @Test
    void settingsChooseTheBackendAndNameWhatIsWrong() {
        Settings settings = HTTP.with("llm.http.url", "gpu1:8000/v1");
        assertThatThrownBy(() -> LlmBackends.httpConfig(settings)).hasMessageContaining("must be an http or https address");
        assertThatThrownBy(() -> LlmBackends.httpConfig(settings.with("llm.http.url", ""))).hasMessageContaining("set llm.http.url");
        assertThatThrownBy(() -> LlmBackends.httpConfig(HTTP.with("llm.http.retries", "-1")))
                .hasMessage("setting llm.http.retries must be 0 or more, was -1");
        assertThatThrownBy(() -> LlmBackends.isHttp(settings.with("llm.backend", "vllm"))).hasMessageContaining("must be 'local'");
        OpenAiHttpBackend.Config config = LlmBackends.httpConfig(HTTP.with("llm.http.key", "sk-secret"));
        assertThat(config.apiKey()).isEqualTo("sk-secret");
        assertThat(config.toString()).doesNotContain("sk-secret");
        assertThat(config.cacheDir()).isEqualTo(settings.dataDir().resolve("llm-cache"));
        assertThat(LlmBackends.httpConfig(HTTP.with("llm.http.cache", "off")).cacheDir()).isNull();
    }

    @Test
    void theServerAsksItsSharedModelOrTheNamedServer(@TempDir Path dir) {
        try (SharedModel shared = new SharedModel(dir, ModelService.Limits.defaults())) {
            assertThat(LlmBackends.forServer(HTTP.with("llm.backend", "local"), shared)).isSameAs(shared);
            try (LlmBackend server = LlmBackends.forServer(HTTP, shared)) {
                assertThat(server).isInstanceOf(OpenAiHttpBackend.class);
                assertThat(server.model()).isEqualTo("m");
            }
        }
    }

    @Test
    void aJobLoadsTheModelFolderItselfOrAsksTheNamedServer(@TempDir Path dir) {
        Path folder = TinyModels.writeWithTokenizer(dir.resolve("tiny-model"));
        try (LlmBackend local = LlmBackends.forJob(HTTP.with("llm.backend", "local"), folder, ModelService.Limits.defaults())) {
            assertThat(local).isInstanceOf(ModelService.class);
            assertThat(local.model()).isEqualTo("tiny-model");
            assertThat(local.complete(CompletionRequest.greedy(TinyModels.PROMPT, 3)).completionTokens()).isBetween(1, 3);
        }
        try (LlmBackend server = LlmBackends.forJob(HTTP, folder, ModelService.Limits.defaults())) {
            assertThat(server).isInstanceOf(OpenAiHttpBackend.class);
            assertThat(((OpenAiHttpBackend) server).config().baseUrl()).hasToString("http://gpu1:8000/v1");
        }
    }
}
