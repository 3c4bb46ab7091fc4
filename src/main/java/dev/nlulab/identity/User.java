package dev.nlulab.identity;

import java.time.Instant;

/** A person using NLU Lab. The password hash never leaves the accounts package. */
public record User(long id, String email, String displayName, Role role, Instant createdAt) {
    public boolean isInstructor() { return Role.INSTRUCTOR.admits(role); }
    public boolean isAdmin() { return Role.ADMIN.admits(role); }
}
