package dev.nlulab.ml;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LlamaConfigTest {

    @Test
    void readsAHuggingFaceConfigWithDefaultsAndAnEosList(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("config.json");
        Files.writeString(file, "{\"architectures\":[\"LlamaForCausalLM\"],\"hidden_size\":576,\"intermediate_size\":1536,"
                + "\"num_hidden_layers\":30,\"num_attention_heads\":9,\"num_key_value_heads\":3,\"vocab_size\":49152,"
                + "\"rms_norm_eps\":1e-05,\"rope_theta\":100000.0,\"max_position_embeddings\":8192,"
                + "\"tie_word_embeddings\":true,\"bos_token_id\":0,\"eos_token_id\":[0, 7],\"rope_scaling\":null}");
        LlamaConfig c = LlamaConfig.read(file);
        assertThat(c.headDim()).isEqualTo(64);
        assertThat(c.queriesPerKeyValue()).isEqualTo(3);
        assertThat(c.eosTokenId()).isEqualTo(0);
        assertThat(c.ropeTheta()).isEqualTo(100000.0);
        assertThat(c.tieWordEmbeddings()).isTrue();
        Path again = dir.resolve("again.json");
        c.write(again);
        assertThat(LlamaConfig.read(again)).isEqualTo(c);
    }

    @Test
    void badConfigsAreNamed(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("config.json");
        Files.writeString(file, "{\"hidden_size\":64,\"num_attention_heads\":4,\"num_hidden_layers\":2,\"vocab_size\":10}");
        assertThatThrownBy(() -> LlamaConfig.read(file)).hasMessageContaining(file.toString())
                .hasMessageContaining("intermediate_size");
        Files.writeString(file, "{\"hidden_size\":64,\"intermediate_size\":96,\"num_attention_heads\":4,"
                + "\"num_key_value_heads\":3,\"num_hidden_layers\":2,\"vocab_size\":10}");
        assertThatThrownBy(() -> LlamaConfig.read(file)).hasMessageContaining("num_key_value_heads (3)");
        Files.writeString(file, "{\"hidden_size\":64,\"intermediate_size\":96,\"num_attention_heads\":4,"
                + "\"num_hidden_layers\":2,\"vocab_size\":10,\"rope_scaling\":{\"rope_type\":\"llama3\"}}");
        assertThatThrownBy(() -> LlamaConfig.read(file)).hasMessageContaining("rope_scaling");
    }
}
