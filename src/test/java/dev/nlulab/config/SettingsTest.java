package dev.nlulab.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsTest {
    @TempDir Path dir;

    @Test
    void environmentOverridesFileOverridesDefaults() throws Exception {
        Path file = dir.resolve("nlulab.properties");
        Files.writeString(file, "port=8080\nbind=0.0.0.0\n");
        Settings s = Settings.load(file, Map.of("NLULAB_PORT", "9090", "NLULAB_DATA_DIR", "/srv/nlulab", "HOME", "/root"));
        assertThat(s.port()).isEqualTo(9090);
        assertThat(s.bind()).isEqualTo("0.0.0.0");
        assertThat(s.dataDir()).isEqualTo(Path.of("/srv/nlulab"));
        assertThat(s.get("executor")).isEqualTo("local");
    }

    @Test
    void defaultDatabaseIsAnH2FileInPostgresModeUnderTheDataDir() {
        Settings s = Settings.of(Map.of("data.dir", "/tmp/x"));
        assertThat(s.dbUrl()).startsWith("jdbc:h2:file:/tmp/x/db/nlulab;MODE=PostgreSQL");
        assertThat(Settings.of(Map.of("db.url", "jdbc:postgresql://db/nlulab")).dbUrl()).isEqualTo("jdbc:postgresql://db/nlulab");
    }

    @Test
    void aBadNumberNamesTheSettingAndTheValue() {
        Settings s = Settings.load(dir.resolve("absent.properties"), Map.of("NLULAB_PORT", "seventy"));
        assertThatThrownBy(s::port).hasMessageContaining("port").hasMessageContaining("seventy");
    }

    @Test
    void baseUrlDefaultsToLocalhostAndPort() {
        assertThat(Settings.of(Map.of("port", "7070")).baseUrl()).isEqualTo("http://localhost:7070");
        assertThat(Settings.of(Map.of("base.url", "https://nlu.example.edu/")).baseUrl()).isEqualTo("https://nlu.example.edu");
    }
}
