package dev.nlulab.accounts;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordTest {
    private final PasswordHasher hasher = new PasswordHasher();

    @Test
    void argon2idHashVerifiesOnlyTheSamePassword() {
        String h = hasher.hash("correct-horse-battery");
        assertThat(h).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(hasher.verify("correct-horse-battery", h)).isTrue();
        assertThat(hasher.verify("correct-horse-batterY", h)).isFalse();
        assertThat(hasher.hash("correct-horse-battery")).isNotEqualTo(h); // salted
        assertThat(hasher.verify("x", "not-a-hash")).isFalse();
    }

    @Test
    void rulesRejectShortCommonRepetitiveAndEmailPasswords() {
        assertThat(PasswordRules.problem("short", "a@b.edu")).hasValueSatisfying(m -> assertThat(m).contains("10 characters"));
        assertThat(PasswordRules.problem("aaaaaaaaaaaa", "a@b.edu")).isPresent();
        assertThat(PasswordRules.problem("Password123", "a@b.edu")).isPresent();
        assertThat(PasswordRules.problem("ada.lovelace99", "ada.lovelace@b.edu")).isPresent();
        assertThat(PasswordRules.problem("correct-horse-battery", "ada@b.edu")).isEmpty();
    }
}
