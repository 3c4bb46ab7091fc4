package dev.nlulab.accounts;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The minimum a password must meet; returns what is wrong in words a person can act on. */
public final class PasswordRules {
    public static final int MIN_LENGTH = 10;
    public static final int MAX_LENGTH = 256;
    private static final Set<String> COMMON = Set.of(
            "password", "password1", "password12", "password123", "1234567890", "12345678910",
            "qwertyuiop", "qwerty1234", "iloveyou12", "letmein123", "welcome123", "abcdefghij",
            "0123456789", "passw0rd12", "changeme12", "nlulab1234", "student123", "instructor");

    private PasswordRules() {}

    public static Optional<String> problem(String password, String email) {
        if (password == null || password.length() < MIN_LENGTH)
            return Optional.of("Use at least " + MIN_LENGTH + " characters.");
        if (password.length() > MAX_LENGTH)
            return Optional.of("Use at most " + MAX_LENGTH + " characters.");
        if (password.chars().distinct().count() < 4)
            return Optional.of("Use at least 4 different characters.");
        String lower = password.toLowerCase(Locale.ROOT);
        if (COMMON.contains(lower))
            return Optional.of("This password is too common; choose another.");
        if (email != null && !email.isBlank()) {
            String local = email.toLowerCase(Locale.ROOT).split("@")[0];
            if (lower.equals(email.toLowerCase(Locale.ROOT)) || (local.length() >= 4 && lower.contains(local)))
                return Optional.of("Do not use your email address in your password.");
        }
        return Optional.empty();
    }
}
