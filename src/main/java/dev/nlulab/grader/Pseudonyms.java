package dev.nlulab.grader;

import dev.nlulab.store.InstallationSecret;

import java.util.HexFormat;

/**
 * The names a board shows for other students when the lab hides them: a keyed hash (HMAC-SHA256) of the lab and
 * the student's id under this installation's secret. Stable for a student within a lab, different between labs
 * (so two boards cannot be joined on it), and not recomputable by anyone who knows only user ids.
 */
public final class Pseudonyms {
    private final InstallationSecret secret;

    public Pseudonyms(InstallationSecret secret) {
        this.secret = secret;
    }

    public String of(String labId, long userId) {
        return "Student " + HexFormat.of().formatHex(secret.sign("leaderboard-pseudonym", labId + "/" + userId), 0, 4);
    }
}
