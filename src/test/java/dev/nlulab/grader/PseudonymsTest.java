package dev.nlulab.grader;

import dev.nlulab.store.Database;
import dev.nlulab.store.InstallationSecret;
import dev.nlulab.store.TestDatabases;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Board pseudonyms under a per-installation secret: what someone who knows every user id cannot do with them. */
class PseudonymsTest {
    @Test
    void pseudonymsDependOnTheInstallationsSecretStayAcrossRestartsAndDifferBetweenLabs() {
        try (Database one = TestDatabases.h2(); Database two = TestDatabases.h2()) {
            Pseudonyms here = new Pseudonyms(InstallationSecret.of(one.jdbi()));
            Pseudonyms restarted = new Pseudonyms(InstallationSecret.of(one.jdbi()));
            Pseudonyms elsewhere = new Pseudonyms(InstallationSecret.of(two.jdbi()));
            Set<String> names = new HashSet<>();
            int same = 0;
            for (long id = 1; id <= 1000; id++) {
                String name = here.of("reverse-dictionary", id);
                names.add(name);
                assertThat(restarted.of("reverse-dictionary", id)).as("after a restart").isEqualTo(name);
                assertThat(here.of("qa-lora", id)).as("another lab's board").isNotEqualTo(name);
                if (elsewhere.of("reverse-dictionary", id).equals(name)) same++;
            }
            assertThat(same).as("the same user ids on another installation (a table of ids to names built elsewhere)").isZero();
            assertThat(names).as("a class of 1,000 gets 1,000 names").hasSize(1000);
        }
    }
}
